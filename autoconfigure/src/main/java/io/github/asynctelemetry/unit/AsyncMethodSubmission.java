package io.github.asynctelemetry.unit;

import io.micrometer.context.ContextSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * The hand-off between the {@code @Async} instrumentation and the task decorator, on the
 * threads they share.
 * <p>
 * On the submitting thread, while an {@code @Async} method call is handed to its
 * executor, it holds the caller's context that the call captured, so that the task
 * decorator can tell that the task it decorates carries an {@code @Async} call, and
 * reuse that context instead of capturing it a second time. Such a task is counted once,
 * as {@code async_method}, and not again as {@code task}; the decorator still
 * propagates its context.
 * <p>
 * On the worker thread, while such a task runs with that context restored, it holds the
 * restored context, so that the {@code @Async} instrumentation of the call does not
 * restore the very same context a second time around the method body.
 *
 * @author Async Telemetry team
 */
public final class AsyncMethodSubmission {

	private static final ThreadLocal<@Nullable ContextSnapshot> submitting = new ThreadLocal<>();

	private static final ThreadLocal<@Nullable ContextSnapshot> restored = new ThreadLocal<>();

	private AsyncMethodSubmission() {
	}

	/**
	 * Mark the current thread as submitting an {@code @Async} call until
	 * {@link #end(ContextSnapshot)}.
	 * @param callerContext the caller's context that the call captured
	 * @return the previous mark, to pass to {@link #end(ContextSnapshot)}
	 */
	public static @Nullable ContextSnapshot begin(ContextSnapshot callerContext) {
		ContextSnapshot previous = submitting.get();
		submitting.set(callerContext);
		return previous;
	}

	/**
	 * Restore the mark that {@link #begin(ContextSnapshot)} replaced.
	 * @param previous the value {@link #begin(ContextSnapshot)} returned
	 */
	public static void end(@Nullable ContextSnapshot previous) {
		set(submitting, previous);
	}

	/**
	 * Return the caller's context of the {@code @Async} call that the current thread is
	 * submitting.
	 * @return the caller's context, or {@code null} when no call is being submitted
	 */
	public static @Nullable ContextSnapshot callerContext() {
		return submitting.get();
	}

	/**
	 * Note that the given context has been restored on the current thread around a task
	 * that carries an {@code @Async} call, until {@link #endRestored(ContextSnapshot)}.
	 * @param context the restored context
	 * @return the previous note, to pass to {@link #endRestored(ContextSnapshot)}
	 */
	public static @Nullable ContextSnapshot beginRestored(ContextSnapshot context) {
		ContextSnapshot previous = restored.get();
		restored.set(context);
		return previous;
	}

	/**
	 * Restore the note that {@link #beginRestored(ContextSnapshot)} replaced.
	 * @param previous the value {@link #beginRestored(ContextSnapshot)} returned
	 */
	public static void endRestored(@Nullable ContextSnapshot previous) {
		set(restored, previous);
	}

	/**
	 * Return whether the given context is the one restored on the current thread around
	 * the running task.
	 * @param context a captured context
	 * @return {@code true} if that very context is already restored
	 */
	public static boolean isRestored(ContextSnapshot context) {
		return restored.get() == context;
	}

	private static void set(ThreadLocal<@Nullable ContextSnapshot> threadLocal, @Nullable ContextSnapshot value) {
		if (value != null) {
			threadLocal.set(value);
		}
		else {
			threadLocal.remove();
		}
	}

}
