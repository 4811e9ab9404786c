package io.github.asynctelemetry.unit;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitState;
import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The telemetry of one unit type and name: its span name, a {@link Timer} and a
 * {@link Counter} per {@link UnitState}, registered on first use of the state and kept,
 * so that recording a unit costs two array reads and the meters' own work, with no
 * registry lookup, builder or string work; and the number of its units started and not
 * yet ended, one {@link AtomicLong} read by the {@link Gauge}
 * {@value AsyncUnitConventions#ACTIVE_METER}, registered once, when the first unit
 * starts. Counting active units holds nothing per unit: a unit that never ends (a future
 * that never completes) stays counted and retains nothing. Obtain instances from
 * {@link AsyncUnitRecorder#unit(UnitType, String)}.
 * <p>
 * A unit that runs is {@linkplain #start() started} when its measured duration starts
 * and {@linkplain #end(UnitState, long) ended} when it is recorded; a unit that never
 * runs (refused by its executor, cancelled before its body started) is only
 * {@linkplain #record(UnitState, long) recorded}.
 *
 * @author Async Telemetry team
 */
public final class AsyncUnit {

	private static final UnitState[] STATES = UnitState.values();

	private final MeterRegistry registry;

	private final UnitType type;

	private final String name;

	private final String spanName;

	private final String failureDescription;

	private final FailureLog failureLog;

	private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(STATES.length);

	private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(STATES.length);

	private final LongAdder[] recorded = new LongAdder[STATES.length];

	/**
	 * The units started and not yet ended, which the active gauge reads. Held here, as
	 * gauges hold what they read weakly. An {@code AtomicLong} rather than a
	 * {@code LongAdder}: a unit often starts on one thread and ends on another, and the
	 * sum of a {@code LongAdder} read meanwhile can be off, even below zero.
	 */
	private final AtomicLong active = new AtomicLong();

	private volatile boolean activeGaugeRegistered;

	private volatile boolean traced;

	AsyncUnit(MeterRegistry registry, UnitType type, String name, FailureLog failureLog) {
		this.registry = registry;
		this.type = type;
		this.name = name;
		this.spanName = type.spanName(name);
		this.failureDescription = "recording meters of " + type.tagValue() + " " + name;
		this.failureLog = failureLog;
		for (int i = 0; i < this.recorded.length; i++) {
			this.recorded[i] = new LongAdder();
		}
	}

	/**
	 * Return the unit type.
	 * @return the type
	 */
	public UnitType getType() {
		return this.type;
	}

	/**
	 * Return the unit name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the name of spans of this unit, for example
	 * {@code async OrderService.sendConfirmation}.
	 * @return the span name
	 */
	public String getSpanName() {
		return this.spanName;
	}

	/**
	 * Return how many units were recorded through these meters since start-up.
	 * @return the number of recorded units
	 */
	public long getRecorded() {
		long sum = 0;
		for (LongAdder count : this.recorded) {
			sum += count.sum();
		}
		return sum;
	}

	/**
	 * Return how many units ended in the given state since start-up.
	 * @param state the state
	 * @return the number of recorded units in that state
	 */
	public long getRecorded(UnitState state) {
		return this.recorded[state.ordinal()].sum();
	}

	/**
	 * Return whether units of this type and name get spans, as decided by the
	 * instrumentation when it first met them.
	 * @return {@code true} once {@link #markTraced()} was called
	 */
	public boolean isTraced() {
		return this.traced;
	}

	/**
	 * Note that units of this type and name get spans. The instrumentation calls it once,
	 * where it decides whether a method, task name or future is traced; the flag is then
	 * only read, for diagnostics. A name shared by two classes of the same simple name is
	 * traced when either is.
	 */
	public void markTraced() {
		this.traced = true;
	}

	/**
	 * Return how many units are started and not yet ended, the value of the
	 * {@value AsyncUnitConventions#ACTIVE_METER} gauge.
	 * @return the number of active units
	 */
	public long getActive() {
		return this.active.get();
	}

	/**
	 * Count one unit as active from now until {@link #end(UnitState, long)}: call it
	 * where the unit's measured duration starts. The first call registers the active
	 * gauge. Never throws; a failure of the registry is handed to the {@link FailureLog}.
	 */
	public void start() {
		this.active.incrementAndGet();
		if (!this.activeGaugeRegistered) {
			registerActiveGauge();
		}
	}

	/**
	 * Record a unit that {@link #start()} counted as active, which it no longer is: one
	 * count and one duration sample, as {@link #record(UnitState, long)}. Never throws.
	 * @param state how the unit ended
	 * @param durationNanos how long it ran, in nanoseconds
	 */
	public void end(UnitState state, long durationNanos) {
		this.active.decrementAndGet();
		record(state, durationNanos);
	}

	/**
	 * Record a unit that started and ended at once (a future already complete when it is
	 * handed over), without counting it as active meanwhile: as {@link #start()} followed
	 * by {@link #end(UnitState, long)}, without touching the active count. Never throws.
	 * @param state how the unit ended
	 * @param durationNanos how long it ran, in nanoseconds
	 */
	public void endAtOnce(UnitState state, long durationNanos) {
		if (!this.activeGaugeRegistered) {
			registerActiveGauge();
		}
		record(state, durationNanos);
	}

	/**
	 * Stop counting as active a unit that {@link #start()} counted but whose end the
	 * instrumentation cannot observe (a {@code CompletionStage} that refused the
	 * completion callback). The unit is not recorded.
	 */
	public void abandon() {
		this.active.decrementAndGet();
	}

	/**
	 * Record one unit: one count and one duration sample. For a unit that never started
	 * (refused by its executor, cancelled before it ran); a started unit is recorded with
	 * {@link #end(UnitState, long)}. Never throws; a failure of the registry is handed to
	 * the {@link FailureLog}.
	 * @param state how the unit ended
	 * @param durationNanos how long it ran, in nanoseconds
	 */
	public void record(UnitState state, long durationNanos) {
		int index = state.ordinal();
		this.recorded[index].increment();
		try {
			Timer timer = this.timers.get(index);
			if (timer == null) {
				timer = registerTimer(state);
			}
			Counter counter = this.counters.get(index);
			if (counter == null) {
				counter = registerCounter(state);
			}
			timer.record(durationNanos, TimeUnit.NANOSECONDS);
			counter.increment();
		}
		catch (Throwable ex) {
			this.failureLog.failed(this.failureDescription, ex);
		}
	}

	private synchronized void registerActiveGauge() {
		if (this.activeGaugeRegistered) {
			return;
		}
		this.activeGaugeRegistered = true;
		try {
			Gauge.builder(AsyncUnitConventions.ACTIVE_METER, this.active, AtomicLong::doubleValue)
				.description(AsyncUnitConventions.ACTIVE_DESCRIPTION)
				.tag(AsyncUnitConventions.TYPE_TAG, this.type.tagValue())
				.tag(AsyncUnitConventions.NAME_TAG, this.name)
				.register(this.registry);
		}
		catch (Throwable ex) {
			this.failureLog.failed("registering the active gauge of " + this, ex);
		}
	}

	private Timer registerTimer(UnitState state) {
		Timer timer = Timer.builder(AsyncUnitConventions.DURATION_METER)
			.description(AsyncUnitConventions.DURATION_DESCRIPTION)
			.tag(AsyncUnitConventions.TYPE_TAG, this.type.tagValue())
			.tag(AsyncUnitConventions.NAME_TAG, this.name)
			.tag(AsyncUnitConventions.STATE_TAG, state.tagValue())
			.register(this.registry);
		this.timers.set(state.ordinal(), timer);
		return timer;
	}

	private Counter registerCounter(UnitState state) {
		Counter counter = Counter.builder(AsyncUnitConventions.COUNT_METER)
			.description(AsyncUnitConventions.COUNT_DESCRIPTION)
			.tag(AsyncUnitConventions.TYPE_TAG, this.type.tagValue())
			.tag(AsyncUnitConventions.NAME_TAG, this.name)
			.tag(AsyncUnitConventions.STATE_TAG, state.tagValue())
			.register(this.registry);
		this.counters.set(state.ordinal(), counter);
		return counter;
	}

	@Override
	public String toString() {
		return this.type.tagValue() + " " + this.name;
	}

}
