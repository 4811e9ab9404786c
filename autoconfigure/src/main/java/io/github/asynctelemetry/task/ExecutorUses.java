package io.github.asynctelemetry.task;

/**
 * Told what Spring uses an executor for, when a task of Spring's tells it (a task of the
 * scheduling registrar, of the application event multicaster).
 *
 * @author Async Telemetry team
 */
@FunctionalInterface
interface ExecutorUses {

	/**
	 * Note that Spring uses an executor for something.
	 * @param executor the executor, as the application holds it
	 * @param use what for, one of the {@code ExecutorCoverage} use constants
	 */
	void usedFor(Object executor, String use);

}
