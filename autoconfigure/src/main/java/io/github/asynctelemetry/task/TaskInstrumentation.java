package io.github.asynctelemetry.task;

import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.context.ContextSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * What the decorated tasks share: the naming rules, the tracer, the failure log and the
 * capture of the submitter's context.
 *
 * @param naming the naming rules
 * @param tracer the tracer of selected tasks
 * @param failureLog where failures of the instrumentation go
 * @param context captures the submitter's context
 * @author Async Telemetry team
 */
record TaskInstrumentation(TaskNaming naming, UnitTracer tracer, FailureLog failureLog,
		ContextCapture context) {

	/**
	 * Capture the context of the calling thread. Never throws.
	 * @return the snapshot, or {@code null} if capturing failed
	 */
	@Nullable ContextSnapshot capture() {
		try {
			return this.context.capture();
		}
		catch (Throwable ex) {
			this.failureLog.failed("capturing the context of a task", ex);
			return null;
		}
	}

	/**
	 * Restore a captured context on the calling thread. Never throws.
	 * @param snapshot the snapshot, or {@code null}
	 * @return the scope to close, or {@code null} if nothing was restored
	 */
	ContextSnapshot.@Nullable Scope restore(@Nullable ContextSnapshot snapshot) {
		if (snapshot == null) {
			return null;
		}
		try {
			return snapshot.setThreadLocals();
		}
		catch (Throwable ex) {
			this.failureLog.failed("restoring the context of a task", ex);
			return null;
		}
	}

	/**
	 * Close a scope opened by {@link #restore(ContextSnapshot)}. Never throws.
	 * @param scope the scope, or {@code null}
	 */
	void close(ContextSnapshot.@Nullable Scope scope) {
		if (scope == null) {
			return;
		}
		try {
			scope.close();
		}
		catch (Throwable ex) {
			this.failureLog.failed("restoring the context of a worker thread", ex);
		}
	}

}
