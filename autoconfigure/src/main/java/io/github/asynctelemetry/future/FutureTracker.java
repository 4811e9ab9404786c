package io.github.asynctelemetry.future;

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
 * Nothing in the starter holds a pending future: the callback is referenced by the
 * future, not the other way round, and the set of futures already seen (which makes a
 * future returned many times, from a cache say, one unit with one callback) holds them
 * weakly. A future that never completes is collected with everything attached to it,
 * and stays counted in the unit's active gauge, which is one number per unit name.
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

	private final SeenFutures seen = new SeenFutures();

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
	 * Track a future that may have been handed out before (any bean method's result):
	 * a future already tracked is left alone. Costs one weak-set insertion on top of
	 * {@link #trackNew}.
	 * @param future the future returned to the caller
	 * @param unit the unit to record
	 * @param traced whether the future gets a span
	 * @param startNanos when the unit started, from {@link System#nanoTime()}
	 */
	public void trackOnce(CompletionStage<?> future, AsyncUnit unit, boolean traced, long startNanos) {
		try {
			if (this.seen.add(future)) {
				trackNew(future, unit, traced, startNanos);
			}
		}
		catch (Throwable ex) {
			this.failureLog.failed("tracking a future of " + unit, ex);
		}
	}

	/**
	 * Track a future that was created for this call and so cannot have been tracked
	 * before (the future an {@code @Async} method call returns). The unit counts as active
	 * from now on, and the span, if any, starts now as a child of the span current on the
	 * calling thread.
	 * @param future the future returned to the caller
	 * @param unit the unit to record
	 * @param traced whether the future gets a span
	 * @param startNanos when the unit started, from {@link System#nanoTime()}
	 */
	public void trackNew(CompletionStage<?> future, AsyncUnit unit, boolean traced, long startNanos) {
		trackNew(future, unit, traced, startNanos, null);
	}

	/**
	 * Track a future that was created for this call, as {@link #trackNew(CompletionStage,
	 * AsyncUnit, boolean, long)} does, and also tell the given listener, from the same
	 * single callback, how the future completed.
	 * @param future the future returned to the caller
	 * @param unit the unit to record
	 * @param traced whether the future gets a span
	 * @param startNanos when the unit started, from {@link System#nanoTime()}
	 * @param listener told of the completion after the unit is recorded; must not throw
	 */
	public void trackNew(CompletionStage<?> future, AsyncUnit unit, boolean traced, long startNanos,
			@Nullable Consumer<@Nullable Throwable> listener) {
		Completion completion = null;
		try {
			UnitSpan span = (traced) ? this.tracer.start(unit) : null;
			completion = new Completion(unit, span, startNanos, listener);
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
	 * The one callback of a tracked future. It ends the unit that {@code trackNew}
	 * started, once: either when the future completes, or, when the future refused the
	 * callback, by abandoning it.
	 */
	private static final class Completion implements BiConsumer<Object, @Nullable Throwable> {

		private static final AtomicIntegerFieldUpdater<Completion> ENDED = AtomicIntegerFieldUpdater
			.newUpdater(Completion.class, "ended");

		private final AsyncUnit unit;

		private final @Nullable UnitSpan span;

		private final long startNanos;

		private final @Nullable Consumer<@Nullable Throwable> listener;

		private volatile int ended;

		Completion(AsyncUnit unit, @Nullable UnitSpan span, long startNanos,
				@Nullable Consumer<@Nullable Throwable> listener) {
			this.unit = unit;
			this.span = span;
			this.startNanos = startNanos;
			this.listener = listener;
		}

		@Override
		public void accept(Object result, @Nullable Throwable failure) {
			if (!ENDED.compareAndSet(this, 0, 1)) {
				return;
			}
			UnitState state = UnitState.of(failure);
			UnitSpan.recordInSpan(this.unit, true, this.span, state, System.nanoTime() - this.startNanos, failure);
			if (this.listener != null) {
				this.listener.accept(failure);
			}
		}

		void abandon() {
			if (ENDED.compareAndSet(this, 0, 1)) {
				this.unit.abandon();
			}
		}

	}

}
