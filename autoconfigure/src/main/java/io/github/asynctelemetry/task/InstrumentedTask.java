package io.github.asynctelemetry.task;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import io.github.asynctelemetry.context.CapturedContext;
import io.github.asynctelemetry.tracing.UnitSpan;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitState;
import org.jspecify.annotations.Nullable;

/**
 * The one wrapper of a submitted task: everything about the task was decided at
 * submission (its unit, whether it is traced, the submitter's context), and each run
 * restores that context, opens the span of a traced task, times the body, records the
 * unit, and then closes the span scope and the context scope it opened, on the same
 * thread and in the same run, so that the thread is left exactly as it was found. A
 * periodic task runs the same wrapper once per period, and each run is one unit.
 * <p>
 * It is a {@link Runnable} and a {@link Callable}, so that it stands for the task in
 * whichever submission method received it.
 *
 * @author Async Telemetry team
 */
final class InstrumentedTask implements Runnable, Callable<@Nullable Object> {

	private final Object task;

	private final @Nullable Future<?> future;

	private final AsyncUnit unit;

	private final boolean traced;

	private final CapturedContext context;

	private final UnitTracer tracer;

	InstrumentedTask(Object task, AsyncUnit unit, CapturedContext context, UnitTracer tracer) {
		this.task = task;
		Object body = (task instanceof AsyncTasks.NamedTask named) ? named.task() : task;
		this.future = (body instanceof Future<?> submitted) ? submitted : null;
		this.unit = unit;
		this.traced = unit.isTraced();
		this.context = context;
		this.tracer = tracer;
	}

	@Override
	public void run() {
		CapturedContext.Scope context = this.context.restore();
		UnitSpan span = (this.traced) ? this.tracer.start(this.unit) : null;
		UnitSpan.Scope inSpan = (span != null) ? span.makeCurrent() : UnitSpan.Scope.NOOP;
		this.unit.start();
		long start = System.nanoTime();
		Throwable failure = null;
		try {
			((Runnable) this.task).run();
		}
		catch (Throwable ex) {
			failure = ex;
			throw ex;
		}
		finally {
			end(context, span, inSpan, start, failure);
		}
	}

	@Override
	public @Nullable Object call() throws Exception {
		CapturedContext.Scope context = this.context.restore();
		UnitSpan span = (this.traced) ? this.tracer.start(this.unit) : null;
		UnitSpan.Scope inSpan = (span != null) ? span.makeCurrent() : UnitSpan.Scope.NOOP;
		this.unit.start();
		long start = System.nanoTime();
		Throwable failure = null;
		try {
			return ((Callable<?>) this.task).call();
		}
		catch (Throwable ex) {
			failure = ex;
			throw ex;
		}
		finally {
			end(context, span, inSpan, start, failure);
		}
	}

	/**
	 * Count the task as refused by its executor.
	 */
	void rejected() {
		this.unit.record(UnitState.REJECTED, 0);
	}

	private void end(CapturedContext.Scope context, @Nullable UnitSpan span, UnitSpan.Scope inSpan,
			long start, @Nullable Throwable failure) {
		long duration = System.nanoTime() - start;
		if (failure == null && this.future != null && this.future.isDone()) {
			failure = outcome(this.future);
		}
		UnitState state = UnitState.of(failure);
		this.unit.end(state, duration);
		inSpan.close();
		context.close();
		if (span != null) {
			span.end(state, failure);
		}
	}

	/**
	 * Return how a task that is itself a future (a {@code FutureTask} handed to
	 * {@code execute}) ended, which its {@code run} does not throw. Calling {@code get()}
	 * on a completed future neither blocks nor checks the interrupt flag.
	 */
	private static @Nullable Throwable outcome(Future<?> future) {
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

	@Override
	public String toString() {
		return this.task.toString();
	}

}
