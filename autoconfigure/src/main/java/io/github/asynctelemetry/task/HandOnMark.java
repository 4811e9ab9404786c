package io.github.asynctelemetry.task;

import org.jspecify.annotations.Nullable;

/**
 * Marks, on the submitting thread, the wrapper that an interface proxy or the scheduler's
 * view is handing to the executor behind it, while it does, so that the executor behind
 * (a scheduler's {@code TaskDecorator}, another proxied pool) passes the task on without a
 * wrapper of its own. Set and put back by the one method that hands the task on.
 *
 * @author Async Telemetry team
 */
final class HandOnMark {

	private static final ThreadLocal<@Nullable InstrumentedTask> handedOn = new ThreadLocal<>();

	private HandOnMark() {
	}

	/**
	 * Mark that a wrapper is being handed on, or clear the mark with {@code null}.
	 * @param wrapper the wrapper, or {@code null}
	 * @return the mark before, to give back to {@link #end}
	 */
	static @Nullable InstrumentedTask begin(@Nullable InstrumentedTask wrapper) {
		InstrumentedTask previous = handedOn.get();
		handedOn.set(wrapper);
		return previous;
	}

	/**
	 * Put back the mark that {@link #begin} replaced; the thread keeps its entry (see
	 * {@code InstrumentedTask}).
	 * @param previous what {@code begin} returned
	 */
	static void end(@Nullable InstrumentedTask previous) {
		handedOn.set(previous);
	}

	/**
	 * Whether a task given to an executor on this thread now is a wrapper of an
	 * application's instrumentation being handed on, inside some other executor's
	 * wrapper: it needs no wrapper of its own. A task submitted by that wrapper's own run
	 * (a {@code CallerRunsPolicy} runs it during the hand-over) is a task of its own.
	 * @param owner the instrumentation of the application
	 * @return whether the task is being handed on
	 */
	static boolean isHandingOn(TaskInstrumentation owner) {
		InstrumentedTask wrapper = handedOn.get();
		return wrapper != null && wrapper.isHandedOnBy(owner);
	}

}
