package io.github.asynctelemetry.task;

import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import io.github.asynctelemetry.unit.FailureLog;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

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
final class TaskSubmissionInterceptor implements MethodInterceptor {

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
