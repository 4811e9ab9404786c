package io.github.asynctelemetry.task;

/**
 * The resolved name of a task: its unit and the rule it came from.
 *
 * @param unit the unit of the name
 * @param source the rule that produced the name
 * @author Async Telemetry team
 */
record TaskName(TaskUnit unit, NameSource source) {

}
