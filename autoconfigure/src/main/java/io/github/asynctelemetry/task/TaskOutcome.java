package io.github.asynctelemetry.task;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;

/**
 * How a task that is itself a future ended.
 *
 * @author Async Telemetry team
 */
final class TaskOutcome {

	private TaskOutcome() {
	}

	/**
	 * Return how a task that is itself a future (a {@code FutureTask} handed to
	 * {@code execute}) ended, which its {@code run} does not throw. Calling {@code get()}
	 * on a completed future neither blocks nor checks the interrupt flag.
	 */
	static @Nullable Throwable of(Future<?> future) {
		if (future.isCancelled()) {
			return new CancellationException();
		}
		try {
			future.get();
			return null;
		}
		catch (ExecutionException ex) {
			return (ex.getCause() != null) ? ex.getCause() : ex;
		}
		catch (Exception ex) {
			return null;
		}
	}

}
