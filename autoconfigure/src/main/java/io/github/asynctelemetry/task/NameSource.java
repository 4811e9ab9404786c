package io.github.asynctelemetry.task;

/**
 * Where the name of a task came from, in increasing order of precedence: a name given
 * while the task runs replaces the current one only when it comes from a later constant.
 *
 * @author Async Telemetry team
 */
enum NameSource {

	/**
	 * Marker of a task that Spring reschedules from inside its previous run (a cron or
	 * trigger task): it takes over the name and context of that run. Never the source of
	 * a running task.
	 */
	INHERITED,

	/**
	 * Scheduled by Spring's scheduling registrar: a {@code @Scheduled} method whose name
	 * is only known when it runs. No span is started before that name is known.
	 */
	SCHEDULING,

	/**
	 * No rule applied; the fallback name.
	 */
	FALLBACK,

	/**
	 * The user method that submitted the task.
	 */
	SUBMITTER,

	/**
	 * The simple name of a user-written {@code Runnable} class.
	 */
	TASK_CLASS,

	/**
	 * The {@code @Scheduled} method the task runs.
	 */
	SCHEDULED,

	/**
	 * A name given through {@link AsyncTasks}.
	 */
	EXPLICIT;

	/**
	 * Return whether a name from this source replaces a name from the given one.
	 * @param current the source of the current name
	 * @return {@code true} if this source takes precedence
	 */
	boolean overrides(NameSource current) {
		return ordinal() > current.ordinal();
	}

	/**
	 * Return whether the span of a task named from this source waits for a better name.
	 * @return {@code true} for {@link #SCHEDULING}
	 */
	boolean defersSpan() {
		return this == SCHEDULING;
	}

}
