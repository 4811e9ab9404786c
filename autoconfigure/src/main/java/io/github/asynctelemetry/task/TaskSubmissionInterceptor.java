package io.github.asynctelemetry.task;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import io.github.asynctelemetry.unit.FailureLog;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * Intercepts the submission methods of an executor that the starter wraps in an interface
 * proxy (a JDK pool bean declared as {@code ExecutorService}, the view of the scheduling
 * registrar's scheduler): {@code execute}, {@code submit}, {@code submitCompletable},
 * {@code schedule}, {@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay},
 * {@code invokeAll} and {@code invokeAny}. It replaces the submitted task by its wrapper
 * ({@link TaskInstrumentation#instrument}) and counts a task that the executor refuses
 * ({@link RejectedExecutionException}, Spring's {@code TaskRejectedException} included) as
 * {@code rejected}, rethrowing the same exception. A task that the executor's policy runs
 * in the caller ({@code CallerRunsPolicy}) is counted by that run; a task that a
 * discarding policy drops is not counted. While the wrapped task is handed on, the
 * executor behind the proxy (a scheduler's {@code TaskDecorator}, another proxied pool)
 * passes it on without a wrapper of its own ({@link HandOnMark}).
 *
 * @author Async Telemetry team
 */
final class TaskSubmissionInterceptor implements MethodInterceptor {

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
		Object task = (arguments.length > 0) ? instrument(arguments[0]) : null;
		if (task == null) {
			return invocation.proceed();
		}
		arguments[0] = task;
		InstrumentedTask instrumented = (task instanceof InstrumentedTask wrapper) ? wrapper : null;
		if (instrumented != null && invocation.getMethod().getName().startsWith("schedule")) {
			instrumented.scheduled();
		}
		InstrumentedTask previous = HandOnMark.begin(instrumented);
		try {
			return invocation.proceed();
		}
		catch (RejectedExecutionException ex) {
			if (instrumented != null) {
				instrumented.rejected();
			}
			throw ex;
		}
		finally {
			HandOnMark.end(previous);
		}
	}

	/**
	 * Return the tasks of an {@code invokeAll} or {@code invokeAny} call, each wrapped.
	 */
	private List<Object> instrumentAll(Collection<?> tasks) {
		List<Object> instrumented = new ArrayList<>(tasks.size());
		for (Object task : tasks) {
			Object wrapped = instrument(task);
			instrumented.add((wrapped != null) ? wrapped : task);
		}
		return instrumented;
	}

	private @Nullable Object instrument(@Nullable Object task) {
		if (!(task instanceof Runnable || task instanceof Callable)) {
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

	/**
	 * Matches the methods of executors and schedulers that take a task, or a collection
	 * of tasks, as their first argument.
	 */
	static final class SubmissionPointcut extends StaticMethodMatcherPointcut {

		private static final Set<String> SUBMISSION_METHODS = Set.of("execute", "submit", "submitCompletable",
				"schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay");

		private static final Set<String> BATCH_METHODS = Set.of("invokeAll", "invokeAny");

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

}
