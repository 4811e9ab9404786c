package io.github.asynctelemetry.unit;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one unit type and name, and nothing else: a {@link Timer} and a
 * {@link Counter} per {@link UnitState}, registered on first use of the state and kept,
 * so that recording a unit costs two array reads and the meters' own work, with no
 * registry lookup, builder or string work; an exact count per state for diagnostics; and
 * the number of units started and not yet ended, read by the {@link Gauge}
 * {@value AsyncUnitDocumentation#ACTIVE_METER}, registered once. Counting active units
 * holds nothing per unit: a unit that never ends (a future that never completes) stays
 * counted and retains nothing. Obtain instances from
 * {@link AsyncUnitRecorder#unit(UnitType, String)}.
 * <p>
 * Units of a name may come from several sources (two classes with the same simple name,
 * say), which share these meters: whether a unit is traced is decided per source, not
 * here. Instrumentation code never records through this class directly: it starts and
 * ends units through the unit lifecycle ({@code io.github.asynctelemetry.lifecycle}),
 * which calls {@link #incrementActive(long)} (ended through the returned
 * {@link ActiveUnits.Second}), {@link #record(UnitState, long)} and
 * {@link #recordQueueWait(long)} in the right order.
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
	 * The units started and not yet ended, which the active gauges read. Held here, as
	 * gauges hold what they read weakly.
	 */
	private final ActiveUnits active = new ActiveUnits();

	private volatile @Nullable Timer queueWait;

	private volatile boolean activeGaugeRegistered;

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
	 * Return where failures of the instrumentation of this unit are logged.
	 * @return the failure log
	 */
	public FailureLog getFailureLog() {
		return this.failureLog;
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
	 * Return how many units are started and not yet ended, the value of the
	 * {@value AsyncUnitDocumentation#ACTIVE_METER} gauge.
	 * @return the number of active units
	 */
	public long getActive() {
		return this.active.count();
	}

	/**
	 * Return how long the oldest unit started and not yet ended has been running, to about
	 * a second, the value of the {@value AsyncUnitDocumentation#OLDEST_ACTIVE_METER} gauge.
	 * @return the age in seconds, or {@code null} when no unit is active
	 */
	public @Nullable Double getOldestActiveSeconds() {
		return this.active.oldestAgeSeconds(this.registry.config().clock().monotonicTime());
	}

	/**
	 * Count one more unit as active, from the given start until the returned second is
	 * {@linkplain ActiveUnits.Second#end() ended}. The first call registers the active
	 * gauges, so that a name whose units never started (all refused, all complete when
	 * handed over) has none. Never throws; a failure of the registry is handed to the
	 * {@link FailureLog}.
	 * @param startNanos when the unit started, on the registry's monotonic clock
	 * @return what to end when the unit ends
	 */
	public ActiveUnits.Second incrementActive(long startNanos) {
		ActiveUnits.Second second = this.active.start(startNanos);
		if (!this.activeGaugeRegistered) {
			registerActiveGauge();
		}
		return second;
	}

	/**
	 * Record how long a unit waited between its submission to an executor and the start
	 * of its code: one sample of {@value AsyncUnitDocumentation#QUEUE_WAIT_METER}. Never
	 * throws.
	 * @param waitNanos the wait, in nanoseconds
	 */
	public void recordQueueWait(long waitNanos) {
		try {
			Timer timer = this.queueWait;
			if (timer == null) {
				timer = registerQueueWait();
			}
			timer.record(waitNanos, TimeUnit.NANOSECONDS);
		}
		catch (Throwable ex) {
			this.failureLog.failed(this.failureDescription, ex);
		}
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

	private synchronized void registerActiveGauge() {
		if (this.activeGaugeRegistered) {
			return;
		}
		this.activeGaugeRegistered = true;
		try {
			Gauge.builder(AsyncUnitDocumentation.ACTIVE_METER, this, AsyncUnit::getActive)
				.description(AsyncUnitDocumentation.ACTIVE_DESCRIPTION)
				.tag(AsyncUnitDocumentation.TYPE_TAG, this.type.tagValue())
				.tag(AsyncUnitDocumentation.NAME_TAG, this.name)
				.register(this.registry);
			Gauge.builder(AsyncUnitDocumentation.OLDEST_ACTIVE_METER, this, AsyncUnit::oldestActiveOrZero)
				.description(AsyncUnitDocumentation.OLDEST_ACTIVE_DESCRIPTION)
				.baseUnit("seconds")
				.tag(AsyncUnitDocumentation.TYPE_TAG, this.type.tagValue())
				.tag(AsyncUnitDocumentation.NAME_TAG, this.name)
				.register(this.registry);
		}
		catch (Throwable ex) {
			this.failureLog.failed("registering the active gauge of " + this, ex);
		}
	}

	private double oldestActiveOrZero() {
		Double oldest = getOldestActiveSeconds();
		return (oldest != null) ? oldest : 0;
	}

	private synchronized Timer registerQueueWait() {
		Timer timer = this.queueWait;
		if (timer == null) {
			timer = Timer.builder(AsyncUnitDocumentation.QUEUE_WAIT_METER)
				.description(AsyncUnitDocumentation.QUEUE_WAIT_DESCRIPTION)
				.tag(AsyncUnitDocumentation.TYPE_TAG, this.type.tagValue())
				.tag(AsyncUnitDocumentation.NAME_TAG, this.name)
				.register(this.registry);
			this.queueWait = timer;
		}
		return timer;
	}

	private Timer registerTimer(UnitState state) {
		Timer timer = Timer.builder(AsyncUnitDocumentation.DURATION_METER)
			.description(AsyncUnitDocumentation.DURATION_DESCRIPTION)
			.tag(AsyncUnitDocumentation.TYPE_TAG, this.type.tagValue())
			.tag(AsyncUnitDocumentation.NAME_TAG, this.name)
			.tag(AsyncUnitDocumentation.STATE_TAG, state.tagValue())
			.register(this.registry);
		this.timers.set(state.ordinal(), timer);
		return timer;
	}

	private Counter registerCounter(UnitState state) {
		Counter counter = Counter.builder(AsyncUnitDocumentation.COUNT_METER)
			.description(AsyncUnitDocumentation.COUNT_DESCRIPTION)
			.tag(AsyncUnitDocumentation.TYPE_TAG, this.type.tagValue())
			.tag(AsyncUnitDocumentation.NAME_TAG, this.name)
			.tag(AsyncUnitDocumentation.STATE_TAG, state.tagValue())
			.register(this.registry);
		this.counters.set(state.ordinal(), counter);
		return counter;
	}

	@Override
	public String toString() {
		return this.type.tagValue() + " " + this.name;
	}

}
