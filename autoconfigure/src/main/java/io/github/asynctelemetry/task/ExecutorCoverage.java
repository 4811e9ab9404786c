package io.github.asynctelemetry.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ClassUtils;

/**
 * Which executors and schedulers of one application the starter covers (their tasks get
 * the submitter's context and {@code task} meters) and, for the others, why not and what
 * to do, and what Spring uses each for ({@code @Async} by default, {@code @Scheduled},
 * application events): what {@code /actuator/asyncio} shows as {@code executors} and the
 * start-up log sums up. Filled in by the {@link ExecutorInstrumentationPostProcessor}
 * once per bean at start-up, with the executors that Spring uses without their being
 * beans; what an executor is used for is noted once, when it is known (for application
 * events, at the first event task the executor receives). Reading it costs nothing
 * else.
 *
 * @author Async Telemetry team
 */
public final class ExecutorCoverage {

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

	private final Map<String, Listed> beans = new ConcurrentSkipListMap<>();

	private final List<Listed> others = new CopyOnWriteArrayList<>();

	/**
	 * The executors by identity: each bean's proxy and the object behind it, so that both
	 * what Spring injects and what a proxy's interceptor sees find the executor.
	 */
	private final Map<Object, Listed> byIdentity = Collections.synchronizedMap(new IdentityHashMap<>());

	private final Set<String> onceOnlyConfigurers = ConcurrentHashMap.newKeySet();

	private volatile boolean virtualThreadsEnabled;

	ExecutorCoverage(boolean virtualThreadsEnabled) {
		this.virtualThreadsEnabled = virtualThreadsEnabled;
	}

	void setVirtualThreadsEnabled(boolean virtualThreadsEnabled) {
		this.virtualThreadsEnabled = virtualThreadsEnabled;
	}

	void covered(String beanName, Object executor, Object... identities) {
		add(beanName, new Listed(beanName, executor, true, null, null), executor, identities);
	}

	void notCovered(String beanName, Object executor, String reason, String action, Object... identities) {
		add(beanName, new Listed(beanName, executor, false, reason, action), executor, identities);
	}

	/**
	 * Note an executor that is not a bean (one that a configurer made, or Spring's own
	 * default), listed with a {@code null} bean name.
	 */
	void other(Object executor, boolean covered, @Nullable String reason, @Nullable String action,
			Object... identities) {
		Listed entry = new Listed(null, executor, covered, reason, action);
		this.others.add(entry);
		this.byIdentity.put(executor, entry);
		for (Object identity : identities) {
			this.byIdentity.put(identity, entry);
		}
	}

	/**
	 * Note an executor that Spring makes for itself and keeps out of reach, known only by
	 * its class.
	 */
	void other(Class<?> type, String use, String reason, String action) {
		Listed entry = new Listed(null, type.getName(), false, false, reason, action);
		entry.usedFor.add(use);
		this.others.add(entry);
	}

	private void add(String beanName, Listed entry, Object executor, Object... identities) {
		this.beans.put(beanName, entry);
		this.byIdentity.put(executor, entry);
		for (Object identity : identities) {
			this.byIdentity.put(identity, entry);
		}
	}

	/**
	 * Whether an object is an executor listed here: a bean, its proxy, or an executor
	 * that is not a bean and was noted.
	 */
	boolean isListed(Object executor) {
		return this.byIdentity.containsKey(executor);
	}

	/**
	 * Note what Spring uses a listed executor for.
	 * @return whether the executor is listed
	 */
	boolean usedFor(Object executor, String use) {
		Listed entry = this.byIdentity.get(executor);
		if (entry != null) {
			entry.usedFor.add(use);
		}
		return entry != null;
	}

	/**
	 * Note an {@code AsyncConfigurer} bean whose {@code getAsyncExecutor()} runs its body
	 * once at most, whoever calls it, so that asking it for the executor has no effect of
	 * its own.
	 */
	void onceOnlyConfigurer(String beanName) {
		this.onceOnlyConfigurers.add(beanName);
	}

	boolean isOnceOnlyConfigurer(String beanName) {
		return this.onceOnlyConfigurers.contains(beanName);
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
	 * Whether an executor runs its tasks on virtual threads, as far as its public API tells
	 * without making a thread: a thread pool by the class of its thread factory (the JDK's
	 * virtual thread factory, which Spring's {@code setVirtualThreads(true)} installs),
	 * Spring Boot's {@code SimpleAsyncTaskExecutor} and {@code SimpleAsyncTaskScheduler} by
	 * {@code spring.threads.virtual.enabled}. A {@code SimpleAsyncTaskExecutor} of the
	 * application's own, or a JDK pool of virtual threads that is not a
	 * {@code ThreadPoolExecutor}, shows {@code false}.
	 */
	private boolean virtualThreads(Object executor) {
		try {
			ThreadFactory factory = null;
			if (executor instanceof ThreadPoolTaskExecutor pool) {
				factory = pool.getThreadPoolExecutor().getThreadFactory();
			}
			else if (executor instanceof ThreadPoolTaskScheduler scheduler) {
				factory = scheduler.getScheduledThreadPoolExecutor().getThreadFactory();
			}
			else if (executor instanceof ThreadPoolExecutor pool) {
				factory = pool.getThreadFactory();
			}
			else if (executor instanceof SimpleAsyncTaskExecutor) {
				return this.virtualThreadsEnabled;
			}
			return factory != null && factory.getClass().getName().contains("VirtualThread");
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	/**
	 * What is known of one executor, filled in at start-up and, for what Spring uses it
	 * for, when Spring first hands it a task.
	 */
	private final class Listed {

		private final @Nullable String bean;

		private final String type;

		private final boolean virtualThreads;

		private final boolean covered;

		private final @Nullable String reason;

		private final @Nullable String action;

		private final Set<String> usedFor = new CopyOnWriteArraySet<>();

		Listed(@Nullable String bean, Object executor, boolean covered, @Nullable String reason,
				@Nullable String action) {
			this(bean, ClassUtils.getUserClass(executor).getName(), virtualThreads(executor), covered, reason,
					action);
		}

		Listed(@Nullable String bean, String type, boolean virtualThreads, boolean covered, @Nullable String reason,
				@Nullable String action) {
			this.bean = bean;
			this.type = type;
			this.virtualThreads = virtualThreads;
			this.covered = covered;
			this.reason = reason;
			this.action = action;
		}

		Entry entry() {
			return new Entry(this.bean, this.type, this.virtualThreads, this.covered, this.reason, this.action,
					this.usedFor.stream().sorted().toList());
		}

	}

	/**
	 * One executor or scheduler.
	 *
	 * @param bean the bean name, {@code null} for an executor that is not a bean (one
	 * that an {@code AsyncConfigurer} or a {@code SchedulingConfigurer} made, or the one
	 * Spring's {@code @Async} support makes for itself)
	 * @param type the class of the executor
	 * @param virtualThreads whether it runs its tasks on virtual threads
	 * @param covered whether its tasks get the submitter's context and {@code task} meters
	 * @param reason why it is not covered, {@code null} when it is
	 * @param action what to do so that it is covered, {@code null} when it is
	 * @param usedFor what Spring uses it for, known so far ({@value #ASYNC_DEFAULT},
	 * {@value #SCHEDULED}, {@value #APPLICATION_EVENTS}); empty when Spring uses it for
	 * none of them, or for none yet
	 */
	public record Entry(@Nullable String bean, String type, boolean virtualThreads, boolean covered,
			@Nullable String reason, @Nullable String action, List<String> usedFor) {

		/**
		 * Create an entry holding a copy of {@code usedFor}.
		 * @param bean the bean name, or {@code null}
		 * @param type the class of the executor
		 * @param virtualThreads whether it runs its tasks on virtual threads
		 * @param covered whether its tasks are covered
		 * @param reason why not, or {@code null}
		 * @param action what to do, or {@code null}
		 * @param usedFor what Spring uses it for
		 */
		public Entry {
			usedFor = List.copyOf(usedFor);
		}

	}

}
