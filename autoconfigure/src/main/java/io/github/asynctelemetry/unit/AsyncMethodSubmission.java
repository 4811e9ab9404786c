package io.github.asynctelemetry.unit;

/**
 * Marks the submitting thread while an {@code @Async} method call is handed to its
 * executor, so that the task decorator can tell that the task it decorates carries an
 * {@code @Async} call. Such a task is counted once, as {@code async_method}, and not
 * again as {@code task}; the decorator still propagates its context.
 *
 * @author Async Telemetry team
 */
public final class AsyncMethodSubmission {

	private static final ThreadLocal<Boolean> submitting = new ThreadLocal<>();

	private AsyncMethodSubmission() {
	}

	/**
	 * Mark the current thread as submitting an {@code @Async} call until
	 * {@link #end(boolean)}.
	 * @return the previous mark, to pass to {@link #end(boolean)}
	 */
	public static boolean begin() {
		boolean previous = submitting.get() != null;
		if (!previous) {
			submitting.set(Boolean.TRUE);
		}
		return previous;
	}

	/**
	 * Restore the mark that {@link #begin()} replaced.
	 * @param previous the value {@link #begin()} returned
	 */
	public static void end(boolean previous) {
		if (!previous) {
			submitting.remove();
		}
	}

	/**
	 * Return whether the current thread is submitting an {@code @Async} call.
	 * @return {@code true} while an {@code @Async} call is being submitted
	 */
	public static boolean isSubmitting() {
		return submitting.get() != null;
	}

}
