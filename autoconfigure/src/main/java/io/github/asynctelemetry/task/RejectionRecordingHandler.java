package io.github.asynctelemetry.task;

import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;

import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitState;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RejectedExecutionHandler} that counts a task as {@code rejected} when the
 * handler it wraps refuses it by throwing (the default {@code AbortPolicy}, which Spring
 * turns into a {@code TaskRejectedException}), then rethrows the same exception. A task
 * is counted once: a handler that runs the task in the caller (the
 * {@code CallerRunsPolicy}) lets the run count it, and a task that a discarding handler
 * drops silently is not counted.
 * <p>
 * The executor hands the handler the task after all decorators wrapped it, so the task's
 * name cannot be read from it; instead the {@link TelemetryTaskDecorator} notes the unit
 * of the task it decorates on the submitting thread, which is the thread that runs the
 * handler right after, within the same {@code execute} call.
 *
 * @author Async Telemetry team
 */
final class RejectionRecordingHandler implements RejectedExecutionHandler {

	private static final ThreadLocal<@Nullable TaskUnit> submitted = new ThreadLocal<>();

	private final RejectedExecutionHandler delegate;

	RejectionRecordingHandler(RejectedExecutionHandler delegate) {
		this.delegate = delegate;
	}

	/**
	 * Note the unit of the task being submitted on the calling thread.
	 * @param unit the unit, or {@code null} for a task that is not counted as a task
	 */
	static void submitting(@Nullable TaskUnit unit) {
		if (unit != null) {
			submitted.set(unit);
		}
		else {
			submitted.remove();
		}
	}

	RejectedExecutionHandler getDelegate() {
		return this.delegate;
	}

	@Override
	public void rejectedExecution(Runnable task, ThreadPoolExecutor executor) {
		TaskUnit unit = submitted.get();
		submitted.remove();
		try {
			this.delegate.rejectedExecution(task, executor);
		}
		catch (RuntimeException | Error ex) {
			if (unit != null) {
				unit.meters().record(UnitState.REJECTED, 0);
			}
			throw ex;
		}
	}

	@Override
	public String toString() {
		return "Recording rejections of " + this.delegate;
	}

}
