package io.github.asynctelemetry.future;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.github.asynctelemetry.tracing.GuardedUnitTracer;
import io.github.asynctelemetry.tracing.UnitSpan;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitState;
import io.github.asynctelemetry.unit.FailureLog;
import org.jspecify.annotations.Nullable;

/**
 * Measures {@code future} units: from the moment a future is handed to the caller until
 * it completes, recorded by one {@code whenComplete} callback on the future itself, so
 * that the caller keeps the original future and its {@code cancel()},
 * {@code orTimeout()} or {@code complete()} act on what is measured.
 * <p>
 * A future that is already complete, without failure, when it is handed over is recorded
 * at once, with a duration of zero and no callback, and is a unit each time it is handed
 * over. A pending future handed over again while it is still pending (from a cache, say)
 * is one unit with one callback.
 * <p>
 * Nothing in the starter holds a pending future: the callback is referenced by the
 * future, not the other way round, and the set of pending futures (which makes a
 * pending future handed over many times one unit) holds them weakly and drops each one
 * when it completes. A future that never completes is collected with everything
 * attached to it, and stays counted in the unit's active gauge, which is one number per
 * unit name.
 * <p>
 * The callback records the unit on the thread that completes the future. A traced
 * future's span is current meanwhile, so that a meter registry sampling exemplars gives
 * the duration sample that span; an untraced one is recorded in the context of the
 * completing thread.
 *
 * @author Async Telemetry team
 */
public class FutureTracker {

	private final UnitTracer tracer;

	private final FailureLog failureLog;

	private final PendingFutures pending = new PendingFutures();

	/**
	 * Create a tracker.
	 * @param tracer the tracer of selected futures
	 * @param failureLog where failures of the instrumentation are logged
	 */
	public FutureTracker(UnitTracer tracer, FailureLog failureLog) {
		this.tracer = GuardedUnitTracer.of(tracer, failureLog);
		this.failureLog = failureLog;
	}

	/**
	 * Track a future that may have been handed out before (any bean method's result),
	 * handed over now: a pending future already tracked is left alone. A pending future
	 * costs one weak-set insertion and removal on top of {@link #trackNew}.
	 * @param future the future returned to the caller
	 * @param unit the unit to record
	 * @param traced whether the future gets a span
	 */
	public void trackOnce(CompletionStage<?> future, AsyncUnit unit, boolean traced) {
		try {
			if (!traced && isCompletedNormally(future)) {
				unit.endAtOnce(UnitState.FINISHED, 0);
			}
			else if (this.pending.add(future)) {
				track(future, unit, traced, System.nanoTime(), null, this.pending);
			}
		}
		catch (Throwable ex) {
			this.failureLog.failed("tracking a future of " + unit, ex);
		}
	}

	/**
	 * Track a future that was created for this call and so cannot have been tracked
	 * before (the future an {@code @Async} method call returns), handed over now. The unit
	 * counts as active from now on, and the span, if any, starts now as a child of the span
	 * current on the calling thread. The given listener is told, after the unit is
	 * recorded, how the future completed.
	 * @param future the future returned to the caller
	 * @param unit the unit to record
	 * @param traced whether the future gets a span
	 * @param listener told of the completion after the unit is recorded, on the thread
	 * that completes the future (at once when it is already complete); must not throw
	 */
	public void trackNew(CompletionStage<?> future, AsyncUnit unit, boolean traced,
			Consumer<@Nullable Throwable> listener) {
		try {
			if (!traced && isCompletedNormally(future)) {
				unit.endAtOnce(UnitState.FINISHED, 0);
				listener.accept(null);
			}
			else {
				track(future, unit, traced, System.nanoTime(), listener, null);
			}
		}
		catch (Throwable ex) {
			this.failureLog.failed("tracking a future of " + unit, ex);
		}
	}

	/**
	 * Return how many pending futures are held (weakly) to recognise one handed over
	 * again, collected ones possibly included.
	 * @return the number of pending futures held
	 */
	int pendingCount() {
		return this.pending.size();
	}

	/**
	 * Whether a future completed without failure, which a {@code CompletableFuture}
	 * tells without allocating.
	 */
	private static boolean isCompletedNormally(CompletionStage<?> future) {
		return future instanceof CompletableFuture<?> completable && completable.isDone()
				&& !completable.isCompletedExceptionally();
	}

	private void track(CompletionStage<?> future, AsyncUnit unit, boolean traced, long startNanos,
			@Nullable Consumer<@Nullable Throwable> listener, @Nullable PendingFutures pending) {
		Completion completion = null;
		try {
			UnitSpan span = (traced) ? this.tracer.start(unit) : null;
			completion = new Completion(unit, span, startNanos, listener, (pending != null) ? future : null, pending);
			unit.start();
			future.whenComplete(completion);
		}
		catch (Throwable ex) {
			if (completion != null) {
				completion.abandon();
			}
			this.failureLog.failed("tracking a future of " + unit, ex);
		}
	}

	/**
	 * The one callback of a tracked future. It ends the unit that {@code track} started,
	 * once: either when the future completes, or, when the future refused the callback,
	 * by abandoning it; either way the future leaves the set of pending futures it is in.
	 */
	private static final class Completion implements BiConsumer<Object, @Nullable Throwable> {

		private static final AtomicIntegerFieldUpdater<Completion> ENDED = AtomicIntegerFieldUpdater
			.newUpdater(Completion.class, "ended");

		private final AsyncUnit unit;

		private final @Nullable UnitSpan span;

		private final long startNanos;

		private final @Nullable Consumer<@Nullable Throwable> listener;

		private final @Nullable Object future;

		private final @Nullable PendingFutures pending;

		private volatile int ended;

		Completion(AsyncUnit unit, @Nullable UnitSpan span, long startNanos,
				@Nullable Consumer<@Nullable Throwable> listener, @Nullable Object future,
				@Nullable PendingFutures pending) {
			this.unit = unit;
			this.span = span;
			this.startNanos = startNanos;
			this.listener = listener;
			this.future = future;
			this.pending = pending;
		}

		@Override
		public void accept(Object result, @Nullable Throwable failure) {
			if (!ENDED.compareAndSet(this, 0, 1)) {
				return;
			}
			leavePending();
			UnitState state = UnitState.of(failure);
			UnitSpan.recordInSpan(this.unit, true, this.span, state, System.nanoTime() - this.startNanos, failure);
			if (this.listener != null) {
				this.listener.accept(failure);
			}
		}

		void abandon() {
			if (ENDED.compareAndSet(this, 0, 1)) {
				leavePending();
				this.unit.abandon();
			}
		}

		private void leavePending() {
			if (this.pending != null && this.future != null) {
				this.pending.remove(this.future);
			}
		}

	}

}
