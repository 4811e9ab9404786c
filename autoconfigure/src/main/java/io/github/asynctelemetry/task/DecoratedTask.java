package io.github.asynctelemetry.task;

import io.micrometer.context.ContextSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * A task decorated by the {@link TelemetryTaskDecorator}: it runs the task with the
 * submitter's context. Decorating a decorated task again returns it unchanged.
 *
 * @author Async Telemetry team
 */
abstract class DecoratedTask implements Runnable {

	private final Runnable delegate;

	private final @Nullable ContextSnapshot snapshot;

	final TaskInstrumentation instrumentation;

	DecoratedTask(Runnable delegate, @Nullable ContextSnapshot snapshot, TaskInstrumentation instrumentation) {
		this.delegate = delegate;
		this.snapshot = snapshot;
		this.instrumentation = instrumentation;
	}

	final Runnable delegate() {
		return this.delegate;
	}

	final @Nullable ContextSnapshot snapshot() {
		return this.snapshot;
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

}
