package io.github.asynctelemetry.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.thread.Threading;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;

/**
 * Which executors and schedulers of one application the starter covers (their tasks get
 * the submitter's context and {@code task} meters) and, for the others, why not and what
 * to do, and what Spring uses each for ({@code @Async} by default, {@code @Scheduled},
 * application events): what {@code /actuator/asyncio} shows as {@code executors} and the
 * start-up log sums up. It is told, as the application starts, which executors Spring
 * Boot's builders built (and so carry the starter's {@link AsyncTelemetryTaskDecorator}),
 * which beans the {@link ExecutorInstrumentationPostProcessor} wrapped, and which
 * scheduler runs {@code @Scheduled} methods; once the singletons exist it lists every
 * executor and scheduler bean ({@link ExecutorDiagnosis} says what to say of each). It
 * only reads the beans, and a bean that answers oddly (a mock) is listed all the same.
 * Reading it costs nothing else.
 *
 * @author Async Telemetry team
 */
public final class ExecutorCoverage implements BeanFactoryAware, EnvironmentAware, SmartInitializingSingleton {

	/**
	 * What {@code usedFor} says of the executor that {@code @Async} methods without an
	 * executor name run on.
	 */
	public static final String ASYNC_DEFAULT = "@Async default";

	/**
	 * What {@code usedFor} says of the scheduler of Spring's scheduling registrar, which
	 * runs {@code @Scheduled} methods.
	 */
	public static final String SCHEDULED = "@Scheduled";

	/**
	 * What {@code usedFor} says of the executor of the application event multicaster.
	 */
	public static final String APPLICATION_EVENTS = "application events";

	private static final Log logger = LogFactory.getLog(ExecutorCoverage.class);

	private final Set<Object> built = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

	private final Map<Object, Object> wrapped = Collections.synchronizedMap(new IdentityHashMap<>());

	private final Map<Object, TaskCount> counted = Collections.synchronizedMap(new IdentityHashMap<>());

	private final Map<String, ListedExecutor> beans = new ConcurrentSkipListMap<>();

	private final List<ListedExecutor> others = new CopyOnWriteArrayList<>();

	/**
	 * The listed executors by identity: each bean, its proxy and what it wraps, so that
	 * both what Spring injects and what a proxy's interceptor sees find the executor.
	 */
	private final Map<Object, ListedExecutor> byIdentity = Collections.synchronizedMap(new IdentityHashMap<>());

	private final AtomicBoolean singletonsInstantiated = new AtomicBoolean();

	private final AtomicBoolean schedulingConfigured = new AtomicBoolean();

	private final AtomicBoolean summarized = new AtomicBoolean();

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	private ExecutorDiagnosis diagnosis = new ExecutorDiagnosis(false);

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (beanFactory instanceof ConfigurableListableBeanFactory listable) ? listable : null;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.diagnosis = new ExecutorDiagnosis(Threading.VIRTUAL.isActive(environment));
	}

	/**
	 * Note an executor or scheduler that one of Spring Boot's builders built, which
	 * applies the starter's {@link AsyncTelemetryTaskDecorator}.
	 * @param executor the executor
	 */
	public void built(Object executor) {
		this.built.add(executor);
	}

	boolean isBuilt(Object executor) {
		return this.built.contains(executor);
	}

	/**
	 * Note a bean that the {@link ExecutorInstrumentationPostProcessor} wrapped.
	 */
	void wrapped(Object proxy, Object bean) {
		this.wrapped.put(proxy, bean);
	}

	/**
	 * Note a JDK pool whose running tasks the starter's proxy of it counts.
	 */
	void counted(Object pool, TaskCount count) {
		this.counted.put(pool, count);
	}

	/**
	 * Note the scheduler of {@code @Scheduled} methods when it is not a bean (a
	 * {@code SchedulingConfigurer} made it): it is covered through the registrar's view.
	 */
	void scheduler(Object scheduler, Object view) {
		if (!this.byIdentity.containsKey(scheduler)) {
			ListedExecutor entry = new ListedExecutor(null, scheduler, this.diagnosis, this.diagnosis.covered(), null);
			entry.use(SCHEDULED);
			this.others.add(entry);
			this.byIdentity.put(scheduler, entry);
			this.byIdentity.put(view, entry);
		}
	}

	/**
	 * Note what Spring uses a listed executor for.
	 * @return whether the executor is listed
	 */
	boolean usedFor(Object executor, String use) {
		ListedExecutor entry = this.byIdentity.get(executor);
		if (entry != null) {
			entry.use(use);
		}
		return entry != null;
	}

	/**
	 * Note that the scheduling registrar is configured, so that the summary can be
	 * logged.
	 */
	void schedulingConfigured() {
		this.schedulingConfigured.set(true);
		summarizeWhenComplete();
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.beanFactory != null) {
			listBeans(this.beanFactory);
			noteEventExecutors(this.beanFactory);
			AsyncDefaultLookup.note(this.beanFactory, this);
			ExecutorMeters.bind(this.beanFactory.getBeanProvider(MeterRegistry.class).getIfUnique(),
					this.beans.values());
			if (this.beanFactory.getBeanNamesForType(SchedulingCoverageConfigurer.class, false, false).length == 0) {
				this.schedulingConfigured.set(true);
			}
		}
		this.singletonsInstantiated.set(true);
		summarizeWhenComplete();
	}

	private void listBeans(ConfigurableListableBeanFactory beanFactory) {
		Set<String> names = new LinkedHashSet<>(List.of(beanFactory.getBeanNamesForType(Executor.class, true, false)));
		names.addAll(List.of(beanFactory.getBeanNamesForType(TaskScheduler.class, true, false)));
		for (String name : names) {
			Object bean = beanFactory.getSingleton(name);
			if (bean != null) {
				Object target = this.wrapped.get(bean);
				Object executor = (target != null) ? target : bean;
				ListedExecutor entry = new ListedExecutor(name, executor, this.diagnosis,
						this.diagnosis.of(bean, target != null, this.built.contains(bean)), this.counted.get(executor));
				this.beans.put(name, entry);
				this.byIdentity.put(bean, entry);
				if (target != null) {
					this.byIdentity.put(target, entry);
				}
			}
		}
	}

	/**
	 * Note as used for application events the executor beans that the application gave
	 * its {@code SimpleApplicationEventMulticaster} bean (the beans it depends on).
	 */
	private void noteEventExecutors(ConfigurableListableBeanFactory beanFactory) {
		String multicaster = AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME;
		if (beanFactory.getSingleton(multicaster) instanceof SimpleApplicationEventMulticaster) {
			for (String dependency : beanFactory.getDependenciesForBean(multicaster)) {
				ListedExecutor entry = this.beans.get(dependency);
				if (entry != null) {
					entry.use(APPLICATION_EVENTS);
				}
			}
		}
	}

	/**
	 * Note an executor that Spring's {@code @Async} support makes for itself and keeps out
	 * of reach, known only by its class.
	 */
	void unreachable(Class<?> type, String use, ExecutorDiagnosis.Verdict verdict) {
		ListedExecutor entry = new ListedExecutor(null, type.getName(), false, verdict);
		entry.use(use);
		this.others.add(entry);
	}

	private void summarizeWhenComplete() {
		if (!this.singletonsInstantiated.get() || !this.schedulingConfigured.get()
				|| !this.summarized.compareAndSet(false, true)) {
			return;
		}
		List<Entry> entries = entries();
		List<String> uncovered = entries.stream()
			.filter((entry) -> !entry.covered())
			.map((entry) -> (entry.bean() != null) ? entry.bean() : entry.type() + " " + entry.usedFor())
			.toList();
		logger.info("Async telemetry covers " + (entries.size() - uncovered.size()) + " of " + entries.size()
				+ " executors and schedulers" + ((uncovered.isEmpty()) ? "" : "; not covered: " + uncovered));
		if (!uncovered.isEmpty()) {
			logger.warn("Executors not covered: " + uncovered + ". Tasks submitted to them directly get no task "
					+ "meters and not the submitter's context (@Async calls on them are still async_method units "
					+ "with the caller's context); /actuator/asyncio says why and what to do");
		}
	}

	/**
	 * Return every executor and scheduler met so far: the beans by bean name, then those
	 * that are not beans.
	 * @return the entries
	 */
	public List<Entry> entries() {
		List<Entry> entries = new ArrayList<>(this.beans.size() + this.others.size());
		this.beans.values().forEach((executor) -> entries.add(executor.entry()));
		this.others.forEach((executor) -> entries.add(executor.entry()));
		return entries;
	}

	/**
	 * One executor or scheduler.
	 *
	 * @param bean the bean name, {@code null} for an executor that is not a bean (one
	 * that a {@code SchedulingConfigurer} made, or the one Spring's {@code @Async}
	 * support makes for itself)
	 * @param type the class of the executor
	 * @param virtualThreads whether it runs its tasks on virtual threads
	 * @param covered whether its tasks get the submitter's context and {@code task} meters
	 * @param reason why it is not covered, {@code null} when it is
	 * @param action what to do so that it is covered, {@code null} when it is
	 * @param usedFor what Spring uses it for, known so far ({@value #ASYNC_DEFAULT},
	 * {@value #SCHEDULED}, {@value #APPLICATION_EVENTS}); empty when Spring uses it for
	 * none of them, or for none yet
	 * @param active how many tasks it runs now, {@code null} when it cannot tell
	 * @param queued how many tasks wait for a thread now, {@code null} when it cannot tell
	 * @param limit the most tasks it runs at once, {@code null} when unbounded or unknown
	 */
	public record Entry(@Nullable String bean, String type, boolean virtualThreads, boolean covered,
			@Nullable String reason, @Nullable String action, List<String> usedFor, @Nullable Integer active,
			@Nullable Integer queued, @Nullable Integer limit) {

		/**
		 * Create an entry holding a copy of {@code usedFor}.
		 * @param bean the bean name, or {@code null}
		 * @param type the class of the executor
		 * @param virtualThreads whether it runs its tasks on virtual threads
		 * @param covered whether its tasks are covered
		 * @param reason why not, or {@code null}
		 * @param action what to do, or {@code null}
		 * @param usedFor what Spring uses it for
		 * @param active how many tasks it runs now, or {@code null}
		 * @param queued how many tasks wait for a thread now, or {@code null}
		 * @param limit the most tasks it runs at once, or {@code null}
		 */
		public Entry {
			usedFor = List.copyOf(usedFor);
		}

	}

}
