package io.github.asynctelemetry.method;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.context.ContextSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * What the caller's thread hands to the worker thread for one {@code @Async} call: the
 * method's descriptor, the time of the call and the caller's context. Carried as a user
 * attribute of the method invocation, which the executor runs on the worker thread.
 * <p>
 * Whoever {@linkplain #claim() claims} the call records its {@code async_method} unit:
 * the worker when the body starts, or the caller's completion callback when the
 * returned future completes (cancelled, timed out) before the body ever started, in
 * which case the executor skips the body. So a call is recorded exactly once.
 *
 * @author Async Telemetry team
 */
final class AsyncCall {

	static final String ATTRIBUTE = AsyncCall.class.getName();

	/**
	 * Looks the field up reflectively: declared for native images in
	 * {@code AsyncTelemetryRuntimeHints}.
	 */
	private static final AtomicIntegerFieldUpdater<AsyncCall> CLAIMED = AtomicIntegerFieldUpdater
		.newUpdater(AsyncCall.class, "claimed");

	final AsyncMethodDescriptor descriptor;

	final long callNanos;

	final ContextSnapshot context;

	private volatile int claimed;

	AsyncCall(AsyncMethodDescriptor descriptor, long callNanos, ContextSnapshot context) {
		this.descriptor = descriptor;
		this.callNanos = callNanos;
		this.context = context;
	}

	/**
	 * Claim the recording of this call.
	 * @return {@code true} for the first claimant only
	 */
	boolean claim() {
		return CLAIMED.compareAndSet(this, 0, 1);
	}

	/**
	 * Restore the caller's context on the calling thread.
	 * @param failureLog where a failure to restore it goes
	 * @return the scope to close with {@link #leave}, or {@code null} when restoring
	 * failed
	 */
	ContextSnapshot.@Nullable Scope restoreContext(FailureLog failureLog) {
		try {
			return this.context.setThreadLocals();
		}
		catch (Throwable ex) {
			failureLog.failed("restoring the caller's context", ex);
			return null;
		}
	}

	/**
	 * Close a scope opened by {@link #restoreContext}, putting the thread back as it was.
	 * @param scope the scope, or {@code null}
	 * @param failureLog where a failure to close it goes
	 */
	static void leave(ContextSnapshot.@Nullable Scope scope, FailureLog failureLog) {
		if (scope != null) {
			try {
				scope.close();
			}
			catch (Throwable ex) {
				failureLog.failed("restoring the worker's context", ex);
			}
		}
	}

}
