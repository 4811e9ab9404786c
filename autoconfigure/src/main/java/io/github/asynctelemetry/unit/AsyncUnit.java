package io.github.asynctelemetry.unit;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitState;
import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The telemetry of one unit type and name: its span name, and a {@link Timer} and a
 * {@link Counter} per {@link UnitState}, registered on first use of the state and kept,
 * so that recording a unit costs two array reads and the meters' own work, with no
 * registry lookup, builder or string work. Obtain instances from
 * {@link AsyncUnitRecorder#unit(UnitType, String)}.
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
	 * Record one unit: one count and one duration sample. Never throws; a failure of the
	 * registry is handed to the {@link FailureLog}.
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
