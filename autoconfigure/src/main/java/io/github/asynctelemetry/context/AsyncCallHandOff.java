package io.github.asynctelemetry.context;

import org.jspecify.annotations.Nullable;

/**
 * Hands the caller's context of an {@code @Async} call to the executor layer that wraps
 * the call's task, so that the context is captured once per call and stays current for
 * the whole task on the worker thread, the completion of the future that Spring returns
 * for the call (and the callbacks registered on it) included.
 * <p>
 * Two thread-local slots, each set and cleared in the same method, on the same thread:
 * <ul>
 * <li>while an {@code @Async} call is handed to its executor, on the caller's thread,
 * the call's captured context ({@link #submitting()}): a task wrapped meanwhile is the
 * call's, not a {@code task} unit of its own;</li>
 * <li>while such a task runs on the worker, the context it restored
 * ({@link #restored()}), so that the call's body does not restore it a second
 * time.</li>
 * </ul>
 * This is the one place where the {@code @Async} instrumentation and the executor
 * instrumentation meet; no other state crosses between them.
 *
 * @author Async Telemetry team
 */
public final class AsyncCallHandOff {

	private static final Slot submitting = new Slot();

	private static final Slot restored = new Slot();

	private AsyncCallHandOff() {
	}

	/**
	 * Return the context of the {@code @Async} call being handed to its executor on this
	 * thread, or {@code null}.
	 * @return the call's captured context, or {@code null}
	 */
	public static @Nullable CapturedContext submitting() {
		return submitting.get();
	}

	/**
	 * Mark the start of the hand-over of an {@code @Async} call, or, with {@code null},
	 * the start of a call's body that runs on the caller's thread (a same-thread
	 * executor), whose own tasks are not the call's.
	 * @param context the call's context, or {@code null}
	 * @return what the slot held before, to give back to {@link #endSubmitting}
	 */
	public static @Nullable CapturedContext beginSubmitting(@Nullable CapturedContext context) {
		return submitting.begin(context);
	}

	/**
	 * Put back what the slot held before {@link #beginSubmitting}.
	 * @param previous what {@code beginSubmitting} returned
	 */
	public static void endSubmitting(@Nullable CapturedContext previous) {
		submitting.end(previous);
	}

	/**
	 * Return the context that the task of an {@code @Async} call restored on this thread
	 * and that is current now, or {@code null}.
	 * @return the restored context, or {@code null}
	 */
	public static @Nullable CapturedContext restored() {
		return restored.get();
	}

	/**
	 * Note that a call's task restored its context on this thread.
	 * @param context the restored context
	 * @return what the slot held before, to give back to {@link #endRestored}
	 */
	public static @Nullable CapturedContext beginRestored(CapturedContext context) {
		return restored.begin(context);
	}

	/**
	 * Put back what the slot held before {@link #beginRestored}.
	 * @param previous what {@code beginRestored} returned
	 */
	public static void endRestored(@Nullable CapturedContext previous) {
		restored.end(previous);
	}

	/**
	 * One thread-local slot, set and put back by the same caller.
	 */
	private static final class Slot extends ThreadLocal<@Nullable CapturedContext> {

		@Nullable CapturedContext begin(@Nullable CapturedContext context) {
			CapturedContext previous = get();
			set(context);
			return previous;
		}

		/**
		 * Put back what was there. {@code set(null)} rather than {@code remove()}: the
		 * thread keeps its entry, so that the next call on the thread does not create a
		 * new one (a weak reference per call, for the garbage collector to process).
		 */
		void end(@Nullable CapturedContext previous) {
			set(previous);
		}

	}

}
