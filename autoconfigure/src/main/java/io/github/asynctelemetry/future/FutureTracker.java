package io.github.asynctelemetry.future;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.github.asynctelemetry.lifecycle.UnitLifecycle;
import io.github.asynctelemetry.lifecycle.UnitObservation;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.unit.UnitState;
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
 * The callback finishes the unit's {@link UnitObservation} on the thread that completes
 * the future.
 *
 * @author Async Telemetry team
 */
public class FutureTracker {

	private final UnitLifecycle lifecycle;

	private final PendingFutures pending = new PendingFutures();

	/**
	 * Create a tracker.
	 * @param lifecycle the lifecycle of the units it records
	 */
	public FutureTracker(UnitLifecycle lifecycle) {
		this.lifecycle = lifecycle;
	}

	/**
	 * Return the lifecycle of the units this tracker records, where the sources of future
	 * units are obtained.
	 * @return the lifecycle
	 */
	public UnitLifecycle getLifecycle() {
		return this.lifecycle;
	}

	/**
	 * Track a future that may have been handed out before (any bean method's result),
	 * handed over now: a pending future already tracked is left alone. A pending future
	 * costs one weak-set insertion and removal on top of {@link #trackNew}.
	 * @param future the future returned to the caller
	 * @param source the source of its unit
	 */
	public void trackOnce(CompletionStage<?> future, UnitSource source) {
		try {
			if (isCompletedNormally(future)) {
				source.recordAtOnce(UnitState.FINISHED, null);
			}
			else if (this.pending.add(future)) {
				track(future, source, null, this.pending);
			}
		}
		catch (Throwable ex) {
			this.lifecycle.getFailureLog().failed("tracking a future of " + source, ex);
		}
	}

	/**
	 * Track a future that was created for this call and so cannot have been tracked
	 * before (the future an {@code @Async} method call returns), handed over now. The unit
	 * starts now, its span, if any, as a child of the span current on the calling thread.
	 * The given listener is told, after the unit is recorded, how the future completed.
	 * @param future the future returned to the caller
	 * @param source the source of its unit
	 * @param listener told of the completion after the unit is recorded, on the thread
	 * that completes the future (at once when it is already complete); must not throw
	 */
	public void trackNew(CompletionStage<?> future, UnitSource source, Consumer<@Nullable Throwable> listener) {
		try {
			if (isCompletedNormally(future)) {
				source.recordAtOnce(UnitState.FINISHED, null);
				listener.accept(null);
			}
			else {
				track(future, source, listener, null);
			}
		}
		catch (Throwable ex) {
			this.lifecycle.getFailureLog().failed("tracking a future of " + source, ex);
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

	private void track(CompletionStage<?> future, UnitSource source, @Nullable Consumer<@Nullable Throwable> listener,
			@Nullable PendingFutures pending) {
		Completion completion = null;
		try {
			completion = new Completion(source.start(), listener, (pending != null) ? future : null, pending);
			future.whenComplete(completion);
		}
		catch (Throwable ex) {
			if (completion != null) {
				completion.abandon();
			}
			this.lifecycle.getFailureLog().failed("tracking a future of " + source, ex);
		}
	}

	/**
	 * The one callback of a tracked future: it finishes the unit when the future
	 * completes, or abandons it when the future refused the callback; either way the
	 * future leaves the set of pending futures it is in.
	 */
	private static final class Completion implements BiConsumer<Object, @Nullable Throwable> {

		private final UnitObservation observation;

		private final @Nullable Consumer<@Nullable Throwable> listener;

		private final @Nullable Object future;

		private final @Nullable PendingFutures pending;

		Completion(UnitObservation observation, @Nullable Consumer<@Nullable Throwable> listener,
				@Nullable Object future, @Nullable PendingFutures pending) {
			this.observation = observation;
			this.listener = listener;
			this.future = future;
			this.pending = pending;
		}

		@Override
		public void accept(Object result, @Nullable Throwable failure) {
			leavePending();
			this.observation.finish(failure);
			if (this.listener != null) {
				this.listener.accept(failure);
			}
		}

		void abandon() {
			leavePending();
			this.observation.abandon();
		}

		private void leavePending() {
			if (this.pending != null && this.future != null) {
				this.pending.remove(this.future);
			}
		}

	}

}
