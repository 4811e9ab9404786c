package io.github.asynctelemetry.unit;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records the two meters of the contract, {@value AsyncUnitDocumentation#DURATION_METER}
 * and {@value AsyncUnitDocumentation#COUNT_METER}, for every asynchronous unit. Callers
 * obtain the {@link AsyncUnit} of a type and name once (per {@code Method}, per task
 * name) and keep them; recording through them does no lookup.
 *
 * @author Async Telemetry team
 */
public class AsyncUnitRecorder {

	private final MeterRegistry registry;

	private final FailureLog failureLog;

	private final Map<UnitType, Map<String, AsyncUnit>> units = new EnumMap<>(UnitType.class);

	private final Map<AsyncUnit, Map<String, Boolean>> sources = new ConcurrentHashMap<>();

	/**
	 * Create a recorder.
	 * @param registry the registry to register meters with
	 * @param failureLog where failures of the registry are logged
	 */
	public AsyncUnitRecorder(MeterRegistry registry, FailureLog failureLog) {
		this.registry = registry;
		this.failureLog = failureLog;
		for (UnitType type : UnitType.values()) {
			this.units.put(type, new ConcurrentHashMap<>());
		}
	}

	/**
	 * Return the unit of a type and name, creating it on first use. This is a map
	 * lookup: call it once per method or task name and keep the result.
	 * @param type the unit type
	 * @param name the unit name
	 * @return the unit
	 */
	public AsyncUnit unit(UnitType type, String name) {
		return this.units.get(type).computeIfAbsent(name, (key) -> new AsyncUnit(this.registry, type, key, this.failureLog));
	}

	/**
	 * Note a source of a unit's units (a method of a class, a task name), and whether its
	 * units get spans, for diagnostics: units of one name can come from several sources
	 * (two classes of the same simple name), which share the unit's meters but not
	 * necessarily the trace decision.
	 * @param unit the unit
	 * @param source the qualified name of the source, for example
	 * {@code com.example.billing.Notifier.ping}
	 * @param traced whether the source's units get spans
	 */
	public void addSource(AsyncUnit unit, String source, boolean traced) {
		this.sources.computeIfAbsent(unit, (key) -> new ConcurrentHashMap<>()).put(source, traced);
	}

	/**
	 * Return the sources of a unit noted so far, by qualified name, with whether each one's
	 * units get spans.
	 * @param unit the unit
	 * @return the sources, sorted by name, empty when none was noted
	 */
	public Map<String, Boolean> sources(AsyncUnit unit) {
		Map<String, Boolean> sources = this.sources.get(unit);
		return (sources != null) ? new TreeMap<>(sources) : Map.of();
	}

	/**
	 * Return every unit seen so far, for diagnostics.
	 * @return the units
	 */
	public List<AsyncUnit> seen() {
		return this.units.values().stream().map(Map::values).flatMap(Collection::stream).toList();
	}

	/**
	 * Return the clock of the meter registry, which times units.
	 * @return the registry's clock
	 */
	public Clock getClock() {
		return this.registry.config().clock();
	}

	/**
	 * Return the log that failures of the instrumentation go to.
	 * @return the failure log
	 */
	public FailureLog getFailureLog() {
		return this.failureLog;
	}

}
