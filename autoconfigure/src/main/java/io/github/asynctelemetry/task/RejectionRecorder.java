package io.github.asynctelemetry.task;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Counts as {@code rejected} the tasks that a JDK pool refuses, where the starter sees
 * the pool's tasks only through a {@code TaskDecorator}, which cannot see the refusal:
 * it stands in front of the pool's own {@link RejectedExecutionHandler}, which still
 * decides. A task that the handler refuses ({@code AbortPolicy}: it throws) is counted as
 * {@code rejected} and the same exception goes on to the submitter; a task that it runs
 * in the caller ({@code CallerRunsPolicy}) is counted by that run; a task that it drops
 * is not counted. It is installed once, on the pool of each {@code ThreadPoolTaskExecutor}
 * that Spring Boot's builder built with the starter's decorator, after the executor
 * initialised it; the pool's {@code getRejectedExecutionHandler()} then returns this
 * recorder in front of the handler it had. It recognises the starter's wrapper only when
 * the pool receives it as it is: when another {@code TaskDecorator} wraps it (the
 * starter's decorator is the innermost), a refused task is not counted.
 *
 * @author Async Telemetry team
 */
final class RejectionRecorder implements RejectedExecutionHandler {

	private final RejectedExecutionHandler handler;

	private RejectionRecorder(RejectedExecutionHandler handler) {
		this.handler = handler;
	}

	/**
	 * Put a recorder in front of a pool's handler, unless there is one already.
	 * @param pool the pool
	 */
	static void install(ThreadPoolExecutor pool) {
		RejectedExecutionHandler handler = pool.getRejectedExecutionHandler();
		if (!(handler instanceof RejectionRecorder)) {
			pool.setRejectedExecutionHandler(new RejectionRecorder(handler));
		}
	}

	@Override
	public void rejectedExecution(Runnable task, ThreadPoolExecutor executor) {
		try {
			this.handler.rejectedExecution(task, executor);
		}
		catch (RejectedExecutionException ex) {
			if (task instanceof InstrumentedTask instrumented) {
				instrumented.rejected();
			}
			throw ex;
		}
	}

}
