package io.github.asynctelemetry.names;

/**
 * Which units get spans besides their meters: the {@code @Async} methods selected by
 * {@code method-names-to-trace}, the tasks selected by {@code task-names-to-trace}, and
 * every future when {@code future-trace-enabled} is set.
 *
 * @param methods the selector of {@code @Async} methods
 * @param tasks the selector of task names
 * @param futures whether futures get spans
 * @author Async Telemetry team
 */
public record TraceSelection(NameSelector methods, NameSelector tasks, boolean futures) {

	/**
	 * A selection that traces nothing.
	 */
	public static final TraceSelection NONE = new TraceSelection(NameSelector.none(), NameSelector.none(), false);

}
