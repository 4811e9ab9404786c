package io.github.asynctelemetry.task;

import io.micrometer.context.ContextSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * A task with the submitter's context, meters and, when its name is selected, a span.
 * The duration is that of the task body alone, measured on the worker thread after the
 * context is restored and the span started.
 * <p>
 * If the task is decorated twice (our decorator inside another decorator that contains
 * ours again), the inner wrapper finds the outer run current when it starts and only
 * runs the task, so that the task is counted once. A task submitted and run
 * synchronously from inside another task (a caller-runs rejection policy, for example)
 * is decorated after that task started and so is still counted as its own unit.
 *
 * @author Async Telemetry team
 */
final class InstrumentedTask extends DecoratedTask {

	private final TaskName name;

	private final long decoratedAt;

	InstrumentedTask(Runnable delegate, @Nullable ContextSnapshot snapshot, TaskName name,
			TaskInstrumentation instrumentation) {
		super(delegate, snapshot, instrumentation);
		this.name = name;
		this.decoratedAt = System.nanoTime();
	}

	TaskName name() {
		return this.name;
	}

	/**
	 * Return the next execution of this task, rescheduled by Spring from inside this
	 * run: it keeps the name and the context of this one.
	 * @param next the next execution as submitted to the executor
	 * @return the decorated next execution
	 */
	InstrumentedTask rescheduled(Runnable next) {
		return new InstrumentedTask(next, snapshot(), this.name, this.instrumentation);
	}

	@Override
	public void run() {
		TaskRun outer = TaskRun.current();
		if (outer != null && outer.task().decoratedAt - this.decoratedAt >= 0) {
			delegate().run();
			return;
		}
		ContextSnapshot.Scope context = this.instrumentation.restore(snapshot());
		TaskRun run = new TaskRun(this, this.instrumentation);
		TaskRun.setCurrent(run);
		try {
			run.begin();
			long start = System.nanoTime();
			Throwable thrown = null;
			try {
				delegate().run();
			}
			catch (Throwable ex) {
				thrown = ex;
				throw ex;
			}
			finally {
				run.end(System.nanoTime() - start, thrown);
			}
		}
		finally {
			TaskRun.setCurrent(outer);
			this.instrumentation.close(context);
		}
	}

}
