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
import java.util.function.Supplier;

import io.github.asynctelemetry.unit.FailureLog;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
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
 * why and what to do ({@link #getCoverage()}, shown by {@code /actuator/asyncio}), and
 * logs one line that sums it up once the singletons are created, with a warning that
 * names the executors not covered, if any.
 *
 * @author Async Telemetry team
 */
public class ExecutorInstrumentationPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor
		implements EnvironmentAware, SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(ExecutorInstrumentationPostProcessor.class);

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	private ExecutorCoverage coverage = new ExecutorCoverage(false);

	/**
	 * Create a post-processor.
	 * @param instrumentation the instrumentation of tasks, resolved when the first task is
	 * submitted
	 */
	public ExecutorInstrumentationPostProcessor(ObjectProvider<TaskInstrumentation> instrumentation) {
		setProxyTargetClass(true);
		setBeforeExistingAdvisors(true);
		this.advisor = new DefaultPointcutAdvisor(new SubmissionPointcut(),
				new TaskSubmissionInterceptor(SingletonSupplier.of(instrumentation::getObject)));
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		this.beanFactory = (beanFactory instanceof ConfigurableListableBeanFactory listable) ? listable : null;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.coverage = new ExecutorCoverage(Threading.VIRTUAL.isActive(environment));
	}

	/**
	 * Return which executor and scheduler beans are covered, and why the others are not.
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
			if (reason == null) {
				this.coverage.covered(beanName, bean);
			}
			else {
				logger.debug("Not instrumenting the tasks of executor '" + beanName + "': " + reason);
				this.coverage.notCovered(beanName, bean, reason, action(bean));
			}
		}
		return result;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<ExecutorCoverage.Entry> entries = this.coverage.entries();
		List<String> uncovered = entries.stream().filter((entry) -> !entry.covered()).map(ExecutorCoverage.Entry::bean).toList();
		logger.info("Async telemetry covers " + (entries.size() - uncovered.size()) + " of " + entries.size()
				+ " executor and scheduler beans" + ((uncovered.isEmpty()) ? "" : "; not covered: " + uncovered));
		if (!uncovered.isEmpty()) {
			logger.warn("The tasks of executors " + uncovered + " run without the submitter's context and without "
					+ "task meters; /actuator/asyncio says why and what to do");
		}
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
	 *
	 * @author Async Telemetry team
	 */
	private static final class TaskSubmissionInterceptor implements MethodInterceptor {

		private final Supplier<TaskInstrumentation> instrumentation;

		private final FailureLog failureLog = new FailureLog();

		TaskSubmissionInterceptor(Supplier<TaskInstrumentation> instrumentation) {
			this.instrumentation = instrumentation;
		}

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			Object[] arguments = invocation.getArguments();
			if (arguments.length > 0 && arguments[0] instanceof Collection<?> tasks) {
				arguments[0] = instrumentAll(tasks);
				return invocation.proceed();
			}
			InstrumentedTask task = (arguments.length > 0) ? instrument(arguments[0]) : null;
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

		/**
		 * Return the tasks of an {@code invokeAll} or {@code invokeAny} call, each wrapped.
		 */
		private List<Object> instrumentAll(Collection<?> tasks) {
			List<Object> instrumented = new ArrayList<>(tasks.size());
			for (Object task : tasks) {
				InstrumentedTask wrapped = instrument(task);
				instrumented.add((wrapped != null) ? wrapped : task);
			}
			return instrumented;
		}

		private @Nullable InstrumentedTask instrument(@Nullable Object task) {
			if (!(task instanceof Runnable || task instanceof Callable) || task instanceof InstrumentedTask) {
				return null;
			}
			try {
				return this.instrumentation.get().instrument(task);
			}
			catch (Throwable ex) {
				this.failureLog.failed("resolving the task instrumentation", ex);
				return null;
			}
		}

	}

}
