package io.github.asynctelemetry.future;

import java.util.concurrent.CompletionStage;
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
 * weakly. A future that never completes is collected with everything attached to it.
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
	 * before (the future an {@code @Async} method call returns). The span, if any, starts
	 * now as a child of the span current on the calling thread.
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
		try {
			UnitSpan span = (traced) ? this.tracer.start(unit) : null;
			future.whenComplete(new Completion(unit, span, startNanos, listener));
		}
		catch (Throwable ex) {
			this.failureLog.failed("tracking a future of " + unit, ex);
		}
	}

	private static final class Completion implements BiConsumer<Object, @Nullable Throwable> {

		private final AsyncUnit unit;

		private final @Nullable UnitSpan span;

		private final long startNanos;

		private final @Nullable Consumer<@Nullable Throwable> listener;

		Completion(AsyncUnit unit, @Nullable UnitSpan span, long startNanos,
				@Nullable Consumer<@Nullable Throwable> listener) {
			this.unit = unit;
			this.span = span;
			this.startNanos = startNanos;
			this.listener = listener;
		}

		@Override
		public void accept(Object result, @Nullable Throwable failure) {
			UnitState state = UnitState.of(failure);
			this.unit.record(state, System.nanoTime() - this.startNanos);
			if (this.span != null) {
				this.span.end(state, failure);
			}
			if (this.listener != null) {
				this.listener.accept(failure);
			}
		}

	}

}
