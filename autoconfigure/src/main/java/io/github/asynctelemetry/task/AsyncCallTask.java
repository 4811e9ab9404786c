package io.github.asynctelemetry.task;

import java.util.concurrent.Callable;

import io.github.asynctelemetry.context.AsyncCallHandOff;
import io.github.asynctelemetry.context.CapturedContext;
import org.jspecify.annotations.Nullable;

/**
 * The wrapper of the task that carries an {@code @Async} call: no {@code task} unit (the
 * call is counted as {@code async_method} by the {@code @Async} instrumentation), only
 * the caller's context, which the call captured once, restored for the whole task. The
 * completion of the future that Spring returns for the call, and so the callbacks
 * registered on it, run in that context, as under Spring's own
 * {@code ContextPropagatingTaskDecorator}; the worker is left as it was found.
 *
 * @author Async Telemetry team
 */
final class AsyncCallTask implements Runnable, Callable<@Nullable Object> {

	private final Object task;

	private final CapturedContext context;

	AsyncCallTask(Object task, CapturedContext context) {
		this.task = task;
		this.context = context;
	}

	@Override
	public void run() {
		CapturedContext previous = AsyncCallHandOff.beginRestored(this.context);
		try (CapturedContext.Scope scope = this.context.restore()) {
			((Runnable) this.task).run();
		}
		finally {
			AsyncCallHandOff.endRestored(previous);
		}
	}

	@Override
	public @Nullable Object call() throws Exception {
		CapturedContext previous = AsyncCallHandOff.beginRestored(this.context);
		try (CapturedContext.Scope scope = this.context.restore()) {
			return ((Callable<?>) this.task).call();
		}
		finally {
			AsyncCallHandOff.endRestored(previous);
		}
	}

	@Override
	public String toString() {
		return this.task.toString();
	}

}
