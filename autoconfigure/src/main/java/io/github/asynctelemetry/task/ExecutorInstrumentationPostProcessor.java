package io.github.asynctelemetry.task;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.asynctelemetry.unit.FailureLog;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.interceptor.AsyncExecutionAspectSupport;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.thread.Threading;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.config.TaskManagementConfigUtils;
import org.springframework.scheduling.config.TaskSchedulerRouter;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Instruments the task executors and schedulers of the application: every
 * {@link TaskExecutor} and {@link TaskScheduler} bean, those Spring Boot builds
 * ({@code applicationTaskExecutor}, {@code taskScheduler}, their virtual-thread
 * variants) and those the application defines, gets an advisor on its submission
 * methods that wraps each submitted task at submission
 * ({@link TaskSubmissionInterceptor}). A bean that is already a proxy gets one more
 * advisor; any other gets a class-based proxy, so that it can still be injected as its
 * own class. The executor's configuration, decorators and rejection policy are left as
 * they are. Beans of a final class cannot be proxied and are left alone, with a debug
 * log.
 * <p>
 * A plain JDK pool defined as a bean ({@link ExecutorService},
 * {@code ScheduledExecutorService}, {@code Executors.newVirtualThreadPerTaskExecutor()})
 * is instrumented only when the bean is declared as an interface: it then gets an
 * interface-based proxy of that interface, so that it is injected as before, and
 * {@code shutdown()} or {@code awaitTermination(...)} reach the pool. A pool declared as
 * its class ({@code ThreadPoolExecutor}) could be injected as that class, which a proxy
 * cannot be, so it is left alone, with a debug log.
 * <p>
 * Being an {@link AbstractBeanFactoryAwareAdvisingPostProcessor}, it also tells Spring
 * AOT the proxy class of each bean ahead of time.
 * <p>
 * It notes, per executor and scheduler bean, whether the bean is covered and, when not,
 * why and what to do ({@link #getCoverage()}, shown by {@code /actuator/asyncio}). It also
 * notes what Spring uses each executor for: once the singletons are created, the
 * executor of {@code @Async} methods without an executor name, decided as Spring decides
 * it (with the {@link AsyncConfigurerPostProcessor}, which makes asking an
 * {@code AsyncConfigurer} safe); the scheduler of {@code @Scheduled} methods, through the
 * {@link SchedulingCoverageConfigurer} or, when Spring picks it per task, at the first
 * scheduled task it receives; and the executor of the application event multicaster, at
 * the first event task it receives. An executor that Spring uses without its being a
 * bean is wrapped at that point, with the same advisor, and listed. It logs one line
 * that sums the coverage up once all of this is known, with a warning that names the
 * executors not covered, if any.
 *
 * @author Async Telemetry team
 */
public class ExecutorInstrumentationPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor
		implements EnvironmentAware, SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(ExecutorInstrumentationPostProcessor.class);

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	private final ExecutorCoverage coverage = new ExecutorCoverage(false);

	/**
	 * Wraps the executors that Spring uses without their being beans, on any class.
	 */
	private final Advisor unmanagedAdvisor;

	private final AtomicBoolean singletonsInstantiated = new AtomicBoolean();

	private final AtomicBoolean schedulingConfigured = new AtomicBoolean();

	private final AtomicBoolean summarized = new AtomicBoolean();

	/**
	 * Create a post-processor.
	 * @param instrumentation the instrumentation of tasks, resolved when the first task is
	 * submitted
	 */
	public ExecutorInstrumentationPostProcessor(ObjectProvider<TaskInstrumentation> instrumentation) {
		setProxyTargetClass(true);
		setBeforeExistingAdvisors(true);
		SubmissionPointcut pointcut = new SubmissionPointcut();
		TaskSubmissionInterceptor interceptor = new TaskSubmissionInterceptor(
				SingletonSupplier.of(instrumentation::getObject), this.coverage);
		this.advisor = new DefaultPointcutAdvisor(pointcut, interceptor);
		this.unmanagedAdvisor = new DefaultPointcutAdvisor(new ComposablePointcut(ClassFilter.TRUE, pointcut),
				interceptor);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		this.beanFactory = (beanFactory instanceof ConfigurableListableBeanFactory listable) ? listable : null;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.coverage.setVirtualThreadsEnabled(Threading.VIRTUAL.isActive(environment));
	}

	/**
	 * Return which executors and schedulers are covered, why the others are not, and what
	 * Spring uses each for.
	 * @return the coverage of this application's executors
	 */
	public ExecutorCoverage getCoverage() {
		return this.coverage;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Object result = super.postProcessAfterInitialization(bean, beanName);
		if (bean instanceof Executor || bean instanceof TaskScheduler) {
			String reason = (result != bean || isInstrumented(bean)) ? null : notCoveredReason(bean, beanName);
			Object target = AopProxyUtils.getSingletonTarget(bean);
			Object[] identities = (target != null) ? new Object[] { result, target } : new Object[] { result };
			if (reason == null) {
				this.coverage.covered(beanName, bean, identities);
			}
			else {
				logger.debug("Not instrumenting the tasks of executor '" + beanName + "': " + reason);
				this.coverage.notCovered(beanName, bean, reason, action(bean), identities);
			}
		}
		return result;
	}

	/**
	 * Note the executor that {@code @Async} methods use by default, then log the summary
	 * of the coverage, unless Spring's scheduling registrar is still to be configured
	 * ({@link SchedulingCoverageConfigurer}), in which case the summary waits for it.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		noteAsyncDefault();
		this.singletonsInstantiated.set(true);
		if (this.beanFactory == null
				|| this.beanFactory.getBeanNamesForType(SchedulingCoverageConfigurer.class, false, false).length == 0) {
			this.schedulingConfigured.set(true);
		}
		summarizeWhenComplete();
	}

	/**
	 * Cover and note the scheduler of Spring's scheduling registrar, once every other
	 * {@code SchedulingConfigurer} has configured it: a scheduler that is not a bean is
	 * wrapped, so that its tasks are covered, and listed; a bean is noted as used for
	 * {@code @Scheduled}. When the registrar keeps Spring's own router, which picks a
	 * scheduler bean per task, the bean is noted when the first scheduled task reaches
	 * it.
	 * @param registrar the registrar of the scheduled tasks
	 */
	void configureScheduler(ScheduledTaskRegistrar registrar) {
		try {
			TaskScheduler scheduler = registrar.getScheduler();
			if (scheduler != null && !(scheduler instanceof TaskSchedulerRouter)
					&& !this.coverage.usedFor(scheduler, ExecutorCoverage.SCHEDULED)) {
				TaskScheduler covered = (TaskScheduler) instrumentUnmanaged(scheduler, TaskScheduler.class);
				this.coverage.usedFor(covered, ExecutorCoverage.SCHEDULED);
				registrar.setScheduler(covered);
			}
		}
		finally {
			this.schedulingConfigured.set(true);
			summarizeWhenComplete();
		}
	}

	/**
	 * Return an executor that is not a bean, wrapped so that its tasks are covered, and
	 * list it; an executor already listed (a bean, or one wrapped before) is returned as
	 * it is. The wrapper is an interface proxy of the given type, which is all that Spring
	 * calls on it.
	 * @param executor the executor
	 * @param type the interface Spring uses the executor as
	 * @return the executor to use instead
	 */
	Object instrumentUnmanaged(Object executor, Class<?> type) {
		if (this.coverage.isListed(executor)) {
			return executor;
		}
		try {
			ProxyFactory proxyFactory = new ProxyFactory(executor);
			proxyFactory.setInterfaces(type);
			proxyFactory.addAdvisor(this.unmanagedAdvisor);
			Object proxy = proxyFactory.getProxy(getProxyClassLoader());
			this.coverage.other(executor, true, null, null, proxy);
			return proxy;
		}
		catch (RuntimeException ex) {
			logger.debug("Could not wrap executor " + executor, ex);
			this.coverage.other(executor, false, "it could not be wrapped: " + ex,
					"run with debug logging of " + getClass().getName() + " and report the failure");
			return executor;
		}
	}

	/**
	 * Note the executor that {@code @Async} methods without an executor name use, decided
	 * as Spring decides it, when {@code @EnableAsync} is active: the one the
	 * {@code AsyncConfigurer} bean returns, if any (Spring Boot's own, or the
	 * application's, which Spring Boot may wrap), else Spring's default lookup (the
	 * unique {@code TaskExecutor} bean, else the {@code Executor} bean named
	 * {@code taskExecutor}), else the {@code SimpleAsyncTaskExecutor} that Spring's
	 * {@code @Async} support makes for itself. The configurer is asked only when its
	 * {@code getAsyncExecutor()} runs its body once at most
	 * ({@link AsyncConfigurerPostProcessor}), so that Spring gets the same executor.
	 */
	private void noteAsyncDefault() {
		if (this.beanFactory == null
				|| !this.beanFactory.containsBean(TaskManagementConfigUtils.ASYNC_ANNOTATION_PROCESSOR_BEAN_NAME)) {
			return;
		}
		try {
			String[] configurers = this.beanFactory.getBeanNamesForType(AsyncConfigurer.class);
			if (configurers.length > 1) {
				logger.debug("Not noting the default @Async executor: there are several AsyncConfigurer beans, "
						+ "which Spring refuses");
				return;
			}
			Executor executor = null;
			if (configurers.length == 1) {
				if (!this.coverage.isOnceOnlyConfigurer(configurers[0])) {
					logger.debug("Not noting the default @Async executor: the AsyncConfigurer bean '" + configurers[0]
							+ "' cannot be proxied, and asking it could make another executor");
					return;
				}
				executor = this.beanFactory.getBean(configurers[0], AsyncConfigurer.class).getAsyncExecutor();
			}
			if (executor == null) {
				executor = new DefaultExecutorLookup().find(this.beanFactory);
			}
			if (executor == null) {
				this.coverage.other(SimpleAsyncTaskExecutor.class, ExecutorCoverage.ASYNC_DEFAULT,
						"it is the SimpleAsyncTaskExecutor that Spring's @Async support makes for itself, which no "
								+ "post-processor can reach; the @Async calls on it are still async_method units "
								+ "with the caller's context",
						"define a TaskExecutor bean (Spring Boot's applicationTaskExecutor backs off when the "
								+ "application defines an Executor bean), or return an executor from an AsyncConfigurer");
			}
			else if (!this.coverage.usedFor(executor, ExecutorCoverage.ASYNC_DEFAULT)) {
				logger.debug("The default @Async executor " + executor + " is not listed");
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not note the default @Async executor", ex);
		}
	}

	private void summarizeWhenComplete() {
		if (!this.singletonsInstantiated.get() || !this.schedulingConfigured.get()
				|| !this.summarized.compareAndSet(false, true)) {
			return;
		}
		List<ExecutorCoverage.Entry> entries = this.coverage.entries();
		List<String> uncovered = entries.stream().filter((entry) -> !entry.covered()).map(this::describe).toList();
		logger.info("Async telemetry covers " + (entries.size() - uncovered.size()) + " of " + entries.size()
				+ " executors and schedulers" + ((uncovered.isEmpty()) ? "" : "; not covered: " + uncovered));
		if (!uncovered.isEmpty()) {
			logger.warn("The tasks of executors " + uncovered + " run without the submitter's context and without "
					+ "task meters; /actuator/asyncio says why and what to do");
		}
	}

	/**
	 * Return how the log names an executor: its bean name or, for one that is not a
	 * bean, its class and what Spring uses it for.
	 */
	private String describe(ExecutorCoverage.Entry entry) {
		return (entry.bean() != null) ? entry.bean() : entry.type() + " " + entry.usedFor();
	}

	@Override
	protected boolean isEligible(Object bean, String beanName) {
		if (SubmissionPointcut.isSpringExecutor(bean.getClass())) {
			return super.isEligible(bean, beanName);
		}
		Class<?> declared = (bean instanceof ExecutorService) ? declaredInterface(beanName) : null;
		return declared != null && isEligible(declared);
	}

	private boolean isInstrumented(Object bean) {
		return bean instanceof Advised advised && advised.indexOf(this.advisor) >= 0;
	}

	private String notCoveredReason(Object bean, String beanName) {
		Class<?> type = bean.getClass();
		if (SubmissionPointcut.isSpringExecutor(type)) {
			if (bean instanceof Advised advised && advised.isFrozen()) {
				return "it is a frozen proxy, to which no advisor can be added";
			}
			return Modifier.isFinal(type.getModifiers()) ? "its class " + type.getName() + " is final and cannot be proxied"
					: "it cannot be proxied";
		}
		if (bean instanceof ExecutorService) {
			return "it is declared as its class " + type.getName() + ", which a proxy cannot stand for";
		}
		return "it is a plain " + ((bean instanceof Executor) ? "Executor" : "TaskScheduler") + " ("
				+ type.getName() + "), not a Spring TaskExecutor or TaskScheduler nor an ExecutorService";
	}

	private static String action(Object bean) {
		if (SubmissionPointcut.isSpringExecutor(bean.getClass())) {
			return "make the executor's class non-final, or declare the bean as ThreadPoolTaskExecutor (or another "
					+ "Spring executor) configured in its @Bean method";
		}
		if (bean instanceof ExecutorService) {
			return "declare the @Bean method's return type as ExecutorService (or ScheduledExecutorService)";
		}
		return "wrap it in Spring's TaskExecutorAdapter and declare that as the bean";
	}

	@Override
	protected ProxyFactory prepareProxyFactory(Object bean, String beanName) {
		ProxyFactory proxyFactory = super.prepareProxyFactory(bean, beanName);
		Class<?> declared = declaredInterface(beanName);
		if (!SubmissionPointcut.isSpringExecutor(bean.getClass()) && declared != null) {
			proxyFactory.setProxyTargetClass(false);
			proxyFactory.setInterfaces(declared);
		}
		return proxyFactory;
	}

	/**
	 * Use an interface proxy for a JDK pool's declared interface (AOT passes that
	 * interface as the target class). For Spring's {@code SimpleAsyncTaskExecutor} and
	 * {@code SimpleAsyncTaskScheduler} (Spring Boot's virtual-thread executor and
	 * scheduler), skip Spring's check of the class for final methods, which would warn at
	 * every start-up about their three final getters ({@code getConcurrencyLimit()},
	 * {@code isThrottleActive()}, {@code getThreadFactory()}): those are not submission
	 * methods, and the README says that they read the proxy, not the executor.
	 */
	@Override
	protected void customizeProxyFactory(ProxyFactory proxyFactory) {
		Class<?> target = proxyFactory.getTargetClass();
		if (proxyFactory.isProxyTargetClass() && target != null && target.isInterface()) {
			proxyFactory.setProxyTargetClass(false);
			proxyFactory.setInterfaces(target);
		}
		if (target != null && SimpleAsyncTaskExecutor.class.isAssignableFrom(target)) {
			proxyFactory.setOptimize(true);
		}
	}

	/**
	 * Return the type a bean is declared as (its factory method's return type) when that
	 * is an {@code ExecutorService} interface, or {@code null}.
	 */
	private @Nullable Class<?> declaredInterface(String beanName) {
		if (this.beanFactory == null || !this.beanFactory.containsBeanDefinition(beanName)) {
			return null;
		}
		Class<?> declared = this.beanFactory.getMergedBeanDefinition(beanName).getResolvableType().resolve();
		return (declared != null && declared.isInterface() && ExecutorService.class.isAssignableFrom(declared))
				? declared : null;
	}

	/**
	 * Matches the methods of executors and schedulers that take a task as their first
	 * argument.
	 */
	private static final class SubmissionPointcut extends StaticMethodMatcherPointcut {

		private static final Set<String> SUBMISSION_METHODS = Set.of("execute", "submit", "submitCompletable",
				"schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay");

		private static final Set<String> BATCH_METHODS = Set.of("invokeAll", "invokeAny");

		SubmissionPointcut() {
			setClassFilter(SubmissionPointcut::isExecutor);
		}

		static boolean isSpringExecutor(Class<?> type) {
			return TaskExecutor.class.isAssignableFrom(type) || TaskScheduler.class.isAssignableFrom(type);
		}

		/**
		 * Whether a class can be proxied: a Spring executor of a class that is not final,
		 * or an {@code ExecutorService} interface (the type a JDK pool bean is declared
		 * as); never a class generated by CGLIB (an existing proxy gets an advisor
		 * instead, decided on its target class).
		 */
		private static boolean isExecutor(Class<?> type) {
			if (type.getName().contains(ClassUtils.CGLIB_CLASS_SEPARATOR)) {
				return false;
			}
			return (isSpringExecutor(type)) ? !Modifier.isFinal(type.getModifiers())
					: type.isInterface() && ExecutorService.class.isAssignableFrom(type);
		}

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			Class<?>[] parameters = method.getParameterTypes();
			if (parameters.length == 0) {
				return false;
			}
			return (parameters[0] == Runnable.class || parameters[0] == Callable.class)
					? SUBMISSION_METHODS.contains(method.getName())
					: parameters[0] == Collection.class && BATCH_METHODS.contains(method.getName());
		}

	}

	/**
	 * Intercepts the submission methods of an executor or scheduler bean
	 * ({@code execute}, {@code submit}, {@code submitCompletable}, {@code schedule},
	 * {@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}): it replaces the
	 * submitted task by its {@link InstrumentedTask} and counts a task that the executor
	 * refuses ({@link RejectedExecutionException}, Spring's {@code TaskRejectedException}
	 * included) as {@code rejected}, rethrowing the same exception. A task that the
	 * executor's policy runs in the caller ({@code CallerRunsPolicy}) is counted by that run;
	 * a task that a discarding policy drops is not counted. Calls that the executor makes on
	 * itself do not go through the proxy, so every task is wrapped once, and a task that is
	 * already wrapped (an executor bean that delegates to another) is passed on as it is.
	 * <p>
	 * It also notes what Spring uses the executor for, when the task is one of Spring's
	 * that tells (a task of the scheduling registrar, of the application event
	 * multicaster): decided with the task's name, in the same lookup by class, and noted
	 * once per executor.
	 *
	 * @author Async Telemetry team
	 */
	private static final class TaskSubmissionInterceptor implements MethodInterceptor, ExecutorUses {

		private final Supplier<TaskInstrumentation> instrumentation;

		private final ExecutorCoverage coverage;

		private final FailureLog failureLog = new FailureLog();

		TaskSubmissionInterceptor(Supplier<TaskInstrumentation> instrumentation, ExecutorCoverage coverage) {
			this.instrumentation = instrumentation;
			this.coverage = coverage;
		}

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			Object[] arguments = invocation.getArguments();
			if (arguments.length > 0 && arguments[0] instanceof Collection<?> tasks) {
				arguments[0] = instrumentAll(tasks, invocation.getThis());
				return invocation.proceed();
			}
			InstrumentedTask task = (arguments.length > 0) ? instrument(arguments[0], invocation.getThis()) : null;
			if (task == null) {
				return invocation.proceed();
			}
			arguments[0] = task;
			try {
				return invocation.proceed();
			}
			catch (RejectedExecutionException ex) {
				task.rejected();
				throw ex;
			}
		}

		@Override
		public void usedFor(Object executor, String use) {
			this.coverage.usedFor(executor, use);
		}

		/**
		 * Return the tasks of an {@code invokeAll} or {@code invokeAny} call, each wrapped.
		 */
		private List<Object> instrumentAll(Collection<?> tasks, @Nullable Object executor) {
			List<Object> instrumented = new ArrayList<>(tasks.size());
			for (Object task : tasks) {
				InstrumentedTask wrapped = instrument(task, executor);
				instrumented.add((wrapped != null) ? wrapped : task);
			}
			return instrumented;
		}

		private @Nullable InstrumentedTask instrument(@Nullable Object task, @Nullable Object executor) {
			if (!(task instanceof Runnable || task instanceof Callable) || task instanceof InstrumentedTask) {
				return null;
			}
			try {
				return this.instrumentation.get().instrument(task, executor, this);
			}
			catch (Throwable ex) {
				this.failureLog.failed("resolving the task instrumentation", ex);
				return null;
			}
		}

	}

	/**
	 * Spring's lookup of the default executor of {@code @Async} methods, without the
	 * {@code SimpleAsyncTaskExecutor} that its interceptor makes when the lookup finds
	 * none.
	 */
	private static final class DefaultExecutorLookup extends AsyncExecutionAspectSupport {

		DefaultExecutorLookup() {
			super(null);
		}

		@Nullable Executor find(BeanFactory beanFactory) {
			return getDefaultExecutor(beanFactory);
		}

		@Override
		protected @Nullable String getExecutorQualifier(Method method) {
			return null;
		}

	}

}
