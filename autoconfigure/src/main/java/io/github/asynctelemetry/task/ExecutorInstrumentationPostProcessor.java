package io.github.asynctelemetry.task;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import io.github.asynctelemetry.unit.FailureLog;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
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
 * Being an {@link AbstractBeanFactoryAwareAdvisingPostProcessor}, it also tells Spring
 * AOT the proxy class of each bean ahead of time.
 *
 * @author Async Telemetry team
 */
public class ExecutorInstrumentationPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private static final Log logger = LogFactory.getLog(ExecutorInstrumentationPostProcessor.class);

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
	protected boolean isEligible(Object bean, String beanName) {
		boolean eligible = super.isEligible(bean, beanName);
		if (!eligible && SubmissionPointcut.isExecutor(bean.getClass())
				&& Modifier.isFinal(bean.getClass().getModifiers()) && logger.isDebugEnabled()) {
			logger.debug("Not instrumenting the tasks of executor '" + beanName + "': its class "
					+ bean.getClass().getName() + " is final and cannot be proxied");
		}
		return eligible;
	}

	/**
	 * Matches the methods of executors and schedulers that take a task as their first
	 * argument.
	 */
	private static final class SubmissionPointcut extends StaticMethodMatcherPointcut {

		private static final Set<String> SUBMISSION_METHODS = Set.of("execute", "submit", "submitCompletable",
				"schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay");

		SubmissionPointcut() {
			setClassFilter(SubmissionPointcut::isProxiableExecutor);
		}

		static boolean isExecutor(Class<?> type) {
			return TaskExecutor.class.isAssignableFrom(type) || TaskScheduler.class.isAssignableFrom(type);
		}

		private static boolean isProxiableExecutor(Class<?> type) {
			return isExecutor(type) && !Modifier.isFinal(type.getModifiers());
		}

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			Class<?>[] parameters = method.getParameterTypes();
			return parameters.length > 0 && (parameters[0] == Runnable.class || parameters[0] == Callable.class)
					&& SUBMISSION_METHODS.contains(method.getName());
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
