package io.github.asynctelemetry.unit;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitType;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records the two meters of the contract, {@value AsyncUnitConventions#DURATION_METER}
 * and {@value AsyncUnitConventions#COUNT_METER}, for every asynchronous unit. Callers
 * obtain the {@link AsyncUnit} of a type and name once (per {@code Method}, per task
 * name) and keep them; recording through them does no lookup.
 *
 * @author Async Telemetry team
 */
public class AsyncUnitRecorder {

	private final MeterRegistry registry;

	private final FailureLog failureLog;

	private final Map<UnitType, Map<String, AsyncUnit>> units = new EnumMap<>(UnitType.class);

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
	 * Return every unit seen so far, for diagnostics.
	 * @return the units
	 */
	public List<AsyncUnit> seen() {
		return this.units.values().stream().map(Map::values).flatMap(Collection::stream).toList();
	}

	/**
	 * Return the log that failures of the instrumentation go to.
	 * @return the failure log
	 */
	public FailureLog getFailureLog() {
		return this.failureLog;
	}

}
