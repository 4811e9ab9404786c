package io.github.asynctelemetry.task;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

import io.github.asynctelemetry.tracing.UnitSpan;
import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitState;
import org.jspecify.annotations.Nullable;

/**
 * One run of an {@link InstrumentedTask} on its worker thread: the current name, the
 * span and the failure seen so far. It is current on the worker thread while the task
 * runs, so that code running inside the task body (a named wrapper from
 * {@link AsyncTasks}, the {@code @Scheduled} naming handler) can give the run a better
 * name or report a failure that the task's own wrappers swallow.
 *
 * @author Async Telemetry team
 */
final class TaskRun {

	private static final ThreadLocal<@Nullable TaskRun> current = new ThreadLocal<>();

	private final InstrumentedTask task;

	private final TaskInstrumentation instrumentation;

	private TaskName name;

	private @Nullable UnitSpan span;

	private UnitSpan.Scope spanScope = UnitSpan.Scope.NOOP;

	private @Nullable Throwable failure;

	TaskRun(InstrumentedTask task, TaskInstrumentation instrumentation) {
		this.task = task;
		this.instrumentation = instrumentation;
		this.name = task.name();
	}

	/**
	 * Return the run current on the calling thread.
	 * @return the current run, or {@code null} outside of an instrumented task
	 */
	static @Nullable TaskRun current() {
		return current.get();
	}

	/**
	 * Make the given run current on the calling thread.
	 * @param run the run, or {@code null} for none
	 */
	static void setCurrent(@Nullable TaskRun run) {
		if (run != null) {
			current.set(run);
		}
		else {
			current.remove();
		}
	}

	InstrumentedTask task() {
		return this.task;
	}

	TaskName name() {
		return this.name;
	}

	/**
	 * Start the span of the run when its name is traced and known.
	 */
	void begin() {
		TaskUnit unit = this.name.unit();
		if (unit.traced() && !this.name.source().defersSpan()) {
			this.spanScope = startSpan(unit);
		}
	}

	/**
	 * Name the run after an explicit name, unless it already has one.
	 * @param explicitName the name
	 * @return the scope of a span started for the new name, to close when the named
	 * code returns
	 */
	UnitSpan.Scope nameExplicitly(String explicitName) {
		if (!NameSource.EXPLICIT.overrides(this.name.source())) {
			return UnitSpan.Scope.NOOP;
		}
		return rename(() -> this.instrumentation.naming().explicit(explicitName));
	}

	/**
	 * Name the run after the {@code @Scheduled} method it runs, unless it has an explicit
	 * name.
	 * @param targetClass the user class of the scheduled bean
	 * @param method the scheduled method
	 * @return the scope of a span started for the new name, to close when the method
	 * returns
	 */
	UnitSpan.Scope nameScheduled(Class<?> targetClass, Method method) {
		if (!NameSource.SCHEDULED.overrides(this.name.source())) {
			return UnitSpan.Scope.NOOP;
		}
		return rename(() -> this.instrumentation.naming().scheduled(targetClass, method));
	}

	private UnitSpan.Scope rename(Supplier<TaskName> newName) {
		try {
			this.name = newName.get();
			TaskUnit unit = this.name.unit();
			if (this.span != null) {
				this.span.rename(unit.meters());
				return UnitSpan.Scope.NOOP;
			}
			return (unit.traced()) ? startSpan(unit) : UnitSpan.Scope.NOOP;
		}
		catch (Throwable ex) {
			this.instrumentation.failureLog().failed("naming a task", ex);
			return UnitSpan.Scope.NOOP;
		}
	}

	private UnitSpan.Scope startSpan(TaskUnit unit) {
		UnitSpan started = this.instrumentation.tracer().start(unit.meters());
		if (started == null) {
			return UnitSpan.Scope.NOOP;
		}
		this.span = started;
		return started.makeCurrent();
	}

	/**
	 * Report a failure of the task body that the task's own wrappers may swallow. The
	 * first report wins.
	 * @param ex the failure
	 */
	void failed(Throwable ex) {
		if (this.failure == null) {
			this.failure = ex;
		}
	}

	/**
	 * End the run: record its meters and end its span. Never throws.
	 * @param durationNanos how long the task body ran
	 * @param thrown what the task body threw, or {@code null}
	 */
	void end(long durationNanos, @Nullable Throwable thrown) {
		try {
			this.spanScope.close();
			Throwable failure = (thrown != null) ? thrown : this.failure;
			UnitState state;
			if (failure != null) {
				state = UnitState.of(failure);
			}
			else if (this.task.delegate() instanceof FutureTask<?> future && future.isDone()) {
				failure = outcome(future);
				state = future.isCancelled() ? UnitState.CANCELLED : UnitState.of(failure);
			}
			else {
				state = UnitState.FINISHED;
			}
			this.name.unit().meters().record(state, durationNanos);
			if (this.span != null) {
				this.span.end(state, failure);
			}
		}
		catch (Throwable ex) {
			this.instrumentation.failureLog().failed("ending task " + this.name.unit().name(), ex);
		}
	}

	/**
	 * Return the failure a completed {@link FutureTask} holds. Calling {@code get()} on
	 * a completed {@code FutureTask} neither blocks nor checks the interrupt flag.
	 */
	private static @Nullable Throwable outcome(FutureTask<?> future) {
		if (future.isCancelled()) {
			return null;
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
