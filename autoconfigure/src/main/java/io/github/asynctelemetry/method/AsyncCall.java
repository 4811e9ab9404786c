package io.github.asynctelemetry.method;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

import io.github.asynctelemetry.context.CapturedContext;
import io.github.asynctelemetry.unit.UnitState;
import org.jspecify.annotations.Nullable;

/**
 * What the caller's thread hands to the worker thread for one {@code @Async} call: the
 * method's descriptor, the caller's context and, for a traced call, the time of the call. Carried as a user
 * attribute of the method invocation, which the executor runs on the worker thread.
 * <p>
 * Whoever {@linkplain #claim() claims} the call records its {@code async_method} unit:
 * the worker when the body starts, or the caller's completion callback when the
 * returned future completes (cancelled, timed out) before the body ever started, in
 * which case the executor skips the body. So a call is recorded exactly once. The
 * call is itself that completion callback ({@link #accept}), so that tracking the
 * returned future allocates no listener.
 *
 * @author Async Telemetry team
 */
final class AsyncCall implements Consumer<@Nullable Throwable> {

	static final String ATTRIBUTE = AsyncCall.class.getName();

	/**
	 * Looks the field up reflectively: declared for native images in
	 * {@code AsyncTelemetryRuntimeHints}.
	 */
	private static final AtomicIntegerFieldUpdater<AsyncCall> CLAIMED = AtomicIntegerFieldUpdater
		.newUpdater(AsyncCall.class, "claimed");

	final AsyncMethodDescriptor descriptor;

	/**
	 * When the call was made, on the clock that times units, for its queue wait.
	 */
	final long callNanos;

	/**
	 * The calling thread: a body that runs on it (a same-thread executor) did not wait in
	 * a queue.
	 */
	final Thread caller;

	final CapturedContext context;

	private volatile int claimed;

	AsyncCall(AsyncMethodDescriptor descriptor, long callNanos, CapturedContext context) {
		this.descriptor = descriptor;
		this.callNanos = callNanos;
		this.caller = Thread.currentThread();
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
	 * Told how the returned future completed: records a call whose future completed
	 * (cancelled, timed out) before the worker started the body, as the executor will
	 * then skip the body, so nobody else will. The call never ran, so it never counted as
	 * active and its duration is zero. It is recorded in the caller's context, and within its span when
	 * traced, as a body would be.
	 * @param failure how the future completed, {@code null} for a value
	 */
	@Override
	public void accept(@Nullable Throwable failure) {
		if (claim()) {
			try (CapturedContext.Scope scope = this.context.restore()) {
				this.descriptor.source.recordAtOnce(UnitState.of(failure), failure);
			}
		}
	}

}
