package io.github.asynctelemetry.task;

import io.micrometer.context.ContextSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * A task that carries an {@code @Async} method call: it only runs with the submitter's
 * context. The call is counted as {@code async_method} by the {@code @Async}
 * instrumentation, not as a task.
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
		ContextSnapshot.Scope context = this.instrumentation.restore(snapshot());
		try {
			delegate().run();
		}
		finally {
			if (outer != null) {
				TaskRun.setCurrent(outer);
			}
			this.instrumentation.close(context);
		}
	}

}
