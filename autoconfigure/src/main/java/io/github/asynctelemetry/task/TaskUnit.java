package io.github.asynctelemetry.task;

import io.github.asynctelemetry.unit.AsyncUnit;

/**
 * The meters of one task name and whether tasks of that name are traced, both decided
 * once when the name is first seen.
 *
 * @param meters the meters of the name
 * @param traced whether the name is selected by {@code task-names-to-trace}
 * @author Async Telemetry team
 */
record TaskUnit(AsyncUnit meters, boolean traced) {

	String name() {
		return this.meters.getName();
	}

}
