package io.github.asynctelemetry.lifecycle;

import io.github.asynctelemetry.tracing.UnitSpan;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitDocumentation;
import io.github.asynctelemetry.unit.UnitState;
import io.micrometer.core.instrument.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Everything decided once about the units of one method or task name: the meters they
 * record into, and whether they get spans. Obtained from
 * {@link UnitLifecycle#source(io.github.asynctelemetry.unit.UnitType, Class, String, boolean)}
 * once per {@code Method} or name and kept, so that starting a unit does no lookup.
 * <p>
 * A unit that runs is started with {@link #startHere()} (its code runs on the calling
 * thread from now on: a method body, a task) or {@link #start()} (it ends on whatever
 * thread completes it: a future), and then ends through its {@link UnitObservation}. A
 * unit that ends as it starts (refused by its executor, cancelled before it ran, a future
 * complete when handed over) is {@linkplain #recordAtOnce(UnitState, Throwable) recorded
 * at once}. Nothing here throws.
 *
 * @author Async Telemetry team
 */
public final class UnitSource {

	private final AsyncUnit unit;

	private final @Nullable UnitTracer tracer;

	private final Clock clock;

	UnitSource(AsyncUnit unit, @Nullable UnitTracer tracer, Clock clock) {
		this.unit = unit;
		this.tracer = tracer;
		this.clock = clock;
	}

	/**
	 * Return the meters of these units, shared with every other source of the same type
	 * and name.
	 * @return the unit's meters
	 */
	public AsyncUnit getUnit() {
		return this.unit;
	}

	/**
	 * Return whether units of this source get spans.
	 * @return {@code true} when they are traced
	 */
	public boolean isTraced() {
		return this.tracer != null;
	}

	/**
	 * Start a unit whose code runs on the calling thread from now on. The unit's span, if
	 * traced, starts as a child of the span current now and is current on this thread
	 * until the unit is {@linkplain UnitObservation#finish(Throwable) finished} or
	 * {@linkplain UnitObservation#leave() left}; the unit counts as active; and the clock
	 * starts last, so that the starter's own work is outside the measured duration. Call
	 * it after restoring the caller's context, right before the user's code.
	 * @return the unit's observation
	 */
	public UnitObservation startHere() {
		return new UnitObservation(this, startSpan(), true, 0);
	}

	/**
	 * Start a unit whose code runs on the calling thread from now on, as
	 * {@link #startHere()}, that an executor ran on another thread than the one that
	 * submitted it at the given time: when the unit ends, outside the measured duration,
	 * the time between the two is recorded as one sample of
	 * {@value AsyncUnitDocumentation#QUEUE_WAIT_METER} and, for a traced unit, as the
	 * span's {@value AsyncUnitDocumentation#QUEUE_WAIT_ATTRIBUTE} attribute.
	 * @param submittedNanos when the unit was submitted, on the clock of
	 * {@link UnitLifecycle#now()}; {@code 0} when it ran on the submitting thread or its
	 * submission is not known
	 * @return the unit's observation
	 */
	public UnitObservation startHere(long submittedNanos) {
		return new UnitObservation(this, startSpan(), true, submittedNanos);
	}

	/**
	 * Start a unit that ends on whatever thread completes it (a future handed to its
	 * caller now). Its span, if traced, starts as a child of the span current now and is
	 * not made current.
	 * @return the unit's observation
	 */
	public UnitObservation start() {
		return new UnitObservation(this, startSpan(), false, 0);
	}

	/**
	 * Record a unit that ends as it starts: one that never ran (refused by its executor,
	 * cancelled before its body started) or a future complete when handed over. Its
	 * duration is zero and it never counts as active. A traced unit gets a span, current
	 * while the unit is recorded, so that a meter registry sampling exemplars gives the
	 * sample that span.
	 * @param state how the unit ended
	 * @param failure the failure, or {@code null}
	 */
	public void recordAtOnce(UnitState state, @Nullable Throwable failure) {
		UnitSpan span = startSpan();
		UnitSpan.Scope inSpan = (span != null) ? span.makeCurrent() : UnitSpan.Scope.NOOP;
		this.unit.record(state, 0);
		inSpan.close();
		if (span != null) {
			span.end(state, failure);
		}
	}

	@Nullable UnitSpan startSpan() {
		return (this.tracer != null) ? this.tracer.start(this.unit) : null;
	}

	long now() {
		return this.clock.monotonicTime();
	}

	@Override
	public String toString() {
		return this.unit.toString();
	}

}
