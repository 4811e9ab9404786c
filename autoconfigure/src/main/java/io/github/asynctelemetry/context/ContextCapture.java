package io.github.asynctelemetry.context;

import java.util.List;

import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;

/**
 * Captures the submitting thread's context (Micrometer context-propagation: the current
 * observation, the current span, MDC and any other registered thread-local) so that a
 * worker thread can restore it with {@link ContextSnapshot#setThreadLocals()} and leave
 * itself clean when the scope closes.
 * <p>
 * The starter's instance reads the accessors of the global {@link ContextRegistry} as
 * they are at each capture plus, when Micrometer Tracing is present, one for spans made
 * current without an observation ({@code tracer.withSpan(span)}), which the global
 * registry does not propagate by default. The global registry is never modified.
 * <p>
 * Cost: one {@code captureAll()} per submission, which asks each accessor for its
 * value (a handful of thread-local reads) and allocates one small snapshot.
 *
 * @author Async Telemetry team
 */
public final class ContextCapture {

	private final ContextSnapshotFactory snapshots;

	private ContextCapture(ContextSnapshotFactory snapshots) {
		this.snapshots = snapshots;
	}

	/**
	 * Create a capture that reads the accessors of the global registry and the given
	 * additional ones, and logs their failures through a log of its own.
	 * @param additional accessors to add unless the global registry has one with the
	 * same key
	 * @return the capture
	 */
	public static ContextCapture of(ThreadLocalAccessor<?>... additional) {
		return of(new FailureLog(), additional);
	}

	/**
	 * Create a capture that reads the accessors of the global registry and the given
	 * additional ones. An accessor that fails while a snapshot is restored (an
	 * {@code ObservationHandler} that throws when the observation's scope opens, say)
	 * puts the thread back as it was and the failure goes to the given log, so that the
	 * task runs and the worker thread is left clean.
	 * @param failureLog where failures of the accessors are logged
	 * @param additional accessors to add unless the global registry has one with the
	 * same key
	 * @return the capture
	 */
	public static ContextCapture of(FailureLog failureLog, ThreadLocalAccessor<?>... additional) {
		ContextRegistry registry = new LayeredContextRegistry(ContextRegistry.getInstance(), List.of(additional),
				failureLog);
		return new ContextCapture(ContextSnapshotFactory.builder().contextRegistry(registry).build());
	}

	/**
	 * Capture the current thread's context.
	 * @return the snapshot, to restore on the worker thread
	 */
	public ContextSnapshot capture() {
		return this.snapshots.captureAll();
	}

}
