package io.github.asynctelemetry.task;

import io.github.asynctelemetry.unit.AsyncMethodSubmission;
import io.micrometer.context.ContextSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * A task that carries an {@code @Async} method call: it only runs with the submitter's
 * context, the one the call captured. The call is counted as {@code async_method} by the
 * {@code @Async} instrumentation, not as a task; while the task runs, the restored
 * context is noted in {@link AsyncMethodSubmission} so that the instrumentation of the
 * method body does not restore it again.
 *
 * @author Async Telemetry team
 */
final class PropagatingTask extends DecoratedTask {

	PropagatingTask(Runnable delegate, @Nullable ContextSnapshot snapshot, TaskInstrumentation instrumentation) {
		super(delegate, snapshot, instrumentation);
	}

	@Override
	public void run() {
		TaskRun outer = TaskRun.current();
		if (outer != null) {
			TaskRun.setCurrent(null);
		}
		ContextSnapshot snapshot = snapshot();
		ContextSnapshot.Scope context = this.instrumentation.restore(snapshot);
		ContextSnapshot previouslyRestored = (context != null && snapshot != null)
				? AsyncMethodSubmission.beginRestored(snapshot) : null;
		try {
			delegate().run();
		}
		finally {
			if (context != null) {
				AsyncMethodSubmission.endRestored(previouslyRestored);
			}
			if (outer != null) {
				TaskRun.setCurrent(outer);
			}
			this.instrumentation.close(context);
		}
	}

}
