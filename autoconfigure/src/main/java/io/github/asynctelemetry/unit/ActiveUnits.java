package io.github.asynctelemetry.unit;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * The units of one type and name started and not yet ended, counted per second of
 * their start (a "second" here is 2^30 ns, about 1.07 s), so that both their number and the start of the oldest one can be read,
 * with nothing held per unit: a unit holds the {@link Second} it was counted in and
 * gives it back when it ends, and a unit that never ends (a future that never completes)
 * stays counted in its second and retains nothing itself.
 * <p>
 * Starting a unit in the same second as the previous start costs one volatile read and
 * one {@link LongAdder} increment, with no contention between threads; the first start of
 * a second adds a second under a lock. Seconds whose units have all ended are dropped
 * when the counts are read. At most {@value #MAX_SECONDS} seconds are kept: past them,
 * new units are counted in the newest second kept, which can only make them look older
 * than they are, never the oldest one younger.
 *
 * @author Async Telemetry team
 */
public final class ActiveUnits {

	/**
	 * The width of a second, as a shift of nanoseconds: 2^30 ns, about 1.07 s, so that
	 * the second of a start is a shift rather than a division.
	 */
	private static final int SECOND_SHIFT = 30;

	private static final double NANOS_PER_SECOND = 1_000_000_000.0;

	static final int MAX_SECONDS = 256;

	private final ConcurrentSkipListMap<Long, Second> seconds = new ConcurrentSkipListMap<>();

	private volatile @Nullable Second current;

	ActiveUnits() {
	}

	/**
	 * Count a unit that starts at the given time.
	 * @param startNanos its start, in nanoseconds of the monotonic clock
	 * @return the second it is counted in, to give to {@link Second#end()}
	 */
	Second start(long startNanos) {
		long second = startNanos >> SECOND_SHIFT;
		Second current = this.current;
		if (current == null || current.second != second) {
			current = secondOf(second);
		}
		current.active.increment();
		return current;
	}

	private synchronized Second secondOf(long second) {
		Second current = this.current;
		if (current != null && (current.second == second || this.seconds.size() >= MAX_SECONDS)) {
			return current;
		}
		Second added = new Second(second);
		this.seconds.put(second, added);
		this.current = added;
		return added;
	}

	/**
	 * Return how many units are started and not yet ended.
	 * @return the number of active units, at least zero
	 */
	long count() {
		long count = 0;
		for (Second second : this.seconds.values()) {
			count += second.active.sum();
		}
		return Math.max(0, count);
	}

	/**
	 * Return how long the oldest active unit has been running, dropping the seconds whose
	 * units have all ended.
	 * @param nowNanos the time now, in nanoseconds of the monotonic clock
	 * @return the age in seconds, or {@code null} when no unit is active
	 */
	@Nullable Double oldestAgeSeconds(long nowNanos) {
		Second current = this.current;
		Iterator<Map.Entry<Long, Second>> entries = this.seconds.entrySet().iterator();
		while (entries.hasNext()) {
			Second second = entries.next().getValue();
			if (second.active.sum() > 0) {
				return Math.max(0, nowNanos - (second.second << SECOND_SHIFT)) / NANOS_PER_SECOND;
			}
			if (current == null || second.second < current.second - 2) {
				entries.remove();
			}
		}
		return null;
	}

	/**
	 * The units that started in one second (2^30 ns) of the monotonic clock and have not
	 * ended.
	 */
	public static final class Second {

		private final long second;

		private final LongAdder active = new LongAdder();

		private Second(long second) {
			this.second = second;
		}

		/**
		 * Count a unit of this second as ended.
		 */
		public void end() {
			this.active.decrement();
		}

	}

}
