package io.github.asynctelemetry.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code asyncio.process.count} counters of a meter registry counted from the moment
 * this object was made, so that the tests sharing one application context each see the
 * units they made and no others.
 *
 * @author Async Telemetry team
 */
public final class UnitCounts {

	private static final String COUNT_METER = "asyncio.process.count";

	private final MeterRegistry registry;

	private final Map<String, Long> baseline = new HashMap<>();

	private UnitCounts(MeterRegistry registry) {
		this.registry = registry;
		registry.find(COUNT_METER)
			.counters()
			.forEach((counter) -> this.baseline.put(key(counter), (long) counter.count()));
	}

	/**
	 * Start counting the units of the given registry from now.
	 * @param registry the registry
	 * @return the counts
	 */
	public static UnitCounts since(MeterRegistry registry) {
		return new UnitCounts(registry);
	}

	/**
	 * Return how many units of a type, name and state were recorded since this object
	 * was made.
	 * @param type the {@code type} tag
	 * @param name the {@code name} tag
	 * @param state the {@code state} tag
	 * @return the count
	 */
	public long count(String type, String name, String state) {
		Counter counter = this.registry.find(COUNT_METER).tags("type", type, "name", name, "state", state).counter();
		return (counter != null) ? (long) counter.count() - this.baseline.getOrDefault(key(counter), 0L) : 0;
	}

	/**
	 * Wait up to 10 seconds for a count to reach the expected value (units are recorded
	 * on the thread that completes them, possibly after the caller has its result), and
	 * assert that it is exactly that value.
	 * @param type the {@code type} tag
	 * @param name the {@code name} tag
	 * @param state the {@code state} tag
	 * @param expected the expected count
	 */
	public void awaitCount(String type, String name, String state, long expected) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (count(type, name, state) < expected && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(count(type, name, state)).as("%s %s %s among the names %s", type, name, state, names(type))
			.isEqualTo(expected);
	}

	/**
	 * Return the names of the units of a type that have a count.
	 * @param type the {@code type} tag
	 * @return the names, each once
	 */
	public List<String> names(String type) {
		return this.registry.find(COUNT_METER)
			.tag("type", type)
			.counters()
			.stream()
			.map((counter) -> counter.getId().getTag("name"))
			.distinct()
			.toList();
	}

	/**
	 * Return how many units of a type and name a registry counted, in every state.
	 * @param registry the registry
	 * @param type the unit type
	 * @param name the unit name
	 * @return the number of units recorded
	 */
	public static long recorded(MeterRegistry registry, String type, String name) {
		return (long) registry.find(COUNT_METER)
			.tags("type", type, "name", name)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private static String key(Counter counter) {
		return counter.getId().getTag("type") + counter.getId().getTag("name") + counter.getId().getTag("state");
	}

}
