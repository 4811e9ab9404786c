package io.github.asynctelemetry.lifecycle;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.github.asynctelemetry.tracing.UnitSpan;
import io.github.asynctelemetry.unit.ActiveUnits;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitDocumentation;
import io.github.asynctelemetry.unit.UnitState;
import org.jspecify.annotations.Nullable;

/**
 * One unit from its start to its one outcome, as a Micrometer {@code Timer.Sample} or
 * {@code Observation}: started by its {@link UnitSource}, then ended exactly once, by
 * {@link #finish(Throwable)} (recorded: one count and one duration sample, its span
 * ended) or {@link #abandon()} (its end cannot be observed: not recorded, its span
 * dropped). A second outcome is ignored, so that two threads racing to end a unit (a
 * completion and a failed registration) record it once.
 * <p>
 * It records the unit while the unit's span is current, so that a meter registry
 * sampling exemplars gives the duration sample that span, and only then stops counting
 * it as active (so that no active unit means every unit is recorded, which the wait for
 * units in flight at shutdown relies on); then it leaves the span's scope and ends the
 * span. An untraced unit is recorded in the context current on the thread
 * that finishes it. Nothing here throws.
 * <p>
 * A unit whose code ran on the starting thread and goes on elsewhere (an {@code @Async}
 * body that returned a pending future) {@linkplain #leave() leaves} the thread first.
 * Two more events belong to tasks that pass through several of the starter's wrappers:
 * {@link #handOver()} (another observation records the unit) and
 * {@link #rename(UnitSource)} (the unit's name is only known once it runs).
 *
 * @author Async Telemetry team
 */
public final class UnitObservation {

	private static final AtomicIntegerFieldUpdater<UnitObservation> STATE = AtomicIntegerFieldUpdater
		.newUpdater(UnitObservation.class, "state");

	/**
	 * The bit of {@link #state} set by the one outcome.
	 */
	private static final int ENDED = 1;

	/**
	 * The bit of {@link #state} set when another observation records the unit.
	 */
	private static final int HANDED_OVER = 2;

	private static final double NANOS_PER_SECOND = 1_000_000_000.0;

	private UnitSource source;

	private @Nullable UnitSpan span;

	private UnitSpan.Scope inSpan;

	private final long startNanos;

	private final long submittedNanos;

	private ActiveUnits.Second active;

	/**
	 * {@link #ENDED} and {@link #HANDED_OVER}, one field rather than two, as it is made
	 * for every unit.
	 */
	private volatile int state;

	UnitObservation(UnitSource source, @Nullable UnitSpan span, boolean current, long submittedNanos) {
		this.source = source;
		this.span = span;
		this.submittedNanos = submittedNanos;
		this.inSpan = (span != null && current) ? span.makeCurrent() : UnitSpan.Scope.NOOP;
		this.startNanos = source.now();
		this.active = source.getUnit().incrementActive(this.startNanos);
	}

	/**
	 * Record the unit with the outcome of the given failure (none: {@code finished}), and
	 * end its span.
	 * @param failure the failure, or {@code null}
	 */
	public void finish(@Nullable Throwable failure) {
		finish(UnitState.of(failure), failure);
	}

	/**
	 * Record the unit in the given state and end its span. Only the first outcome counts.
	 * @param state how the unit ended
	 * @param failure the failure, or {@code null}
	 */
	public void finish(UnitState state, @Nullable Throwable failure) {
		int before = end();
		if ((before & ENDED) != 0) {
			return;
		}
		AsyncUnit unit = this.source.getUnit();
		long duration = this.source.now() - this.startNanos;
		UnitSpan span = this.span;
		UnitSpan.Scope inSpan = (span != null && this.inSpan == UnitSpan.Scope.NOOP) ? span.makeCurrent()
				: this.inSpan;
		if ((before & HANDED_OVER) == 0) {
			unit.record(state, duration);
			if (this.submittedNanos != 0) {
				unit.recordQueueWait(this.startNanos - this.submittedNanos);
			}
			this.active.end();
		}
		inSpan.close();
		this.inSpan = UnitSpan.Scope.NOOP;
		if (span != null) {
			if (this.submittedNanos != 0) {
				span.attribute(AsyncUnitDocumentation.QUEUE_WAIT_ATTRIBUTE,
						(this.startNanos - this.submittedNanos) / NANOS_PER_SECOND);
			}
			span.end(state, failure);
		}
	}

	/**
	 * Give up a unit whose end cannot be observed (a {@code CompletionStage} that refused
	 * the completion callback): it stops counting as active, is not recorded, and its
	 * span is dropped. Only the first outcome counts.
	 */
	public void abandon() {
		int before = end();
		if ((before & ENDED) != 0) {
			return;
		}
		if ((before & HANDED_OVER) == 0) {
			this.active.end();
		}
		this.inSpan.close();
		this.inSpan = UnitSpan.Scope.NOOP;
		UnitSpan span = this.span;
		if (span != null) {
			span.abandon();
		}
	}

	/**
	 * Make the unit's span, if traced, current on the calling thread until the returned
	 * scope is closed, on this thread: for code of a unit {@linkplain UnitSource#start()
	 * started} without a current span that runs here for a while (the first part of a
	 * {@code suspend} function, before it suspends), and to capture the context that
	 * the rest of that code runs in elsewhere.
	 * @return the scope to close on this thread
	 */
	public UnitSpan.Scope makeCurrent() {
		UnitSpan span = this.span;
		return (span != null && (this.state & ENDED) == 0) ? span.makeCurrent() : UnitSpan.Scope.NOOP;
	}

	/**
	 * Make no span current on the calling thread until the returned scope is closed, on
	 * this thread, where the unit's span is current but the code is not the unit's (the
	 * caller of a {@code suspend} call that goes on where the call ended).
	 * @return the scope to close on this thread
	 */
	public UnitSpan.Scope makeNoSpanCurrent() {
		UnitSpan span = this.span;
		return (span != null) ? span.makeNoneCurrent() : UnitSpan.Scope.NOOP;
	}

	/**
	 * Leave the calling thread: the span's scope opened by {@link UnitSource#startHere()}
	 * is closed, and the unit goes on until it is finished, on any thread.
	 */
	public void leave() {
		this.inSpan.close();
		this.inSpan = UnitSpan.Scope.NOOP;
	}

	/**
	 * Let another observation of the same task record it: this one stops counting the
	 * unit as active and records no meters; its span, if any, still ends when it is
	 * finished. Call it on the thread that started it, before its outcome.
	 */
	public void handOver() {
		if (STATE.compareAndSet(this, 0, HANDED_OVER)) {
			this.active.end();
		}
	}

	/**
	 * Give the running unit the source of a name only known once it runs (an explicit
	 * task name hidden in a {@code FutureTask}): from now on it counts as active under
	 * that name and is recorded there; its span is renamed, dropped when the new source
	 * is not traced, or started when only the new one is. The clock is not restarted.
	 * Call it on the thread that started it, with the unit current there.
	 * @param named the source of the unit's name
	 */
	public void rename(UnitSource named) {
		UnitSource previous = this.source;
		if (named == previous || (this.state & ENDED) != 0) {
			return;
		}
		this.source = named;
		if ((this.state & HANDED_OVER) == 0 && named.getUnit() != previous.getUnit()) {
			this.active.end();
			this.active = named.getUnit().incrementActive(this.startNanos);
		}
		UnitSpan span = this.span;
		if (span != null && named.isTraced()) {
			span.rename(named.getUnit());
		}
		else if (span != null) {
			leave();
			this.span = null;
			span.abandon();
		}
		else if (named.isTraced()) {
			this.span = named.startSpan();
			this.inSpan = (this.span != null) ? this.span.makeCurrent() : UnitSpan.Scope.NOOP;
		}
	}

	/**
	 * Set {@link #ENDED}, and return the state before: the caller that found it clear
	 * gives the one outcome.
	 */
	private int end() {
		int before;
		do {
			before = this.state;
		}
		while ((before & ENDED) == 0 && !STATE.compareAndSet(this, before, before | ENDED));
		return before;
	}

	/**
	 * Return the source the unit is recorded under.
	 * @return the source
	 */
	public UnitSource getSource() {
		return this.source;
	}

	@Override
	public String toString() {
		return this.source.toString();
	}

}
