package io.github.asynctelemetry.task;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;

import io.github.asynctelemetry.context.CapturedContext;
import io.github.asynctelemetry.lifecycle.UnitObservation;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.unit.UnitState;
import org.jspecify.annotations.Nullable;

/**
 * The one wrapper of a submitted task: everything about the task was decided at
 * submission (the source of its unit, the submitter's context), and each run restores
 * that context, starts the unit ({@code UnitSource#startHere()}: the span of a traced
 * task, the clock last), runs the task, finishes the unit and closes the context scope,
 * on the same thread and in the same run, so that the thread is left exactly as it was
 * found. A
 * periodic task runs the same wrapper once per period, and each run is one unit.
 * <p>
 * A task that passes through several instrumented layers (the starter's
 * {@code TaskDecorator} of a pool, the interface proxy of a JDK pool bean, the view of
 * the scheduling registrar's scheduler) is wrapped by each, and the wrappers run nested
 * on the worker thread. They are one unit: a wrapper that starts while another wrapper
 * of the same application runs on its thread, and that was not made during that
 * other's run, belongs to that other's task; it takes the unit over (the outer one's
 * observation is {@linkplain UnitObservation#handOver() handed over} and records no
 * meters), because it was made closer to the application's own task and names
 * it as if it had been submitted to the outermost executor. A task submitted from within
 * a running task and run on the same thread (a same-thread executor, a
 * {@code CallerRunsPolicy}) was made during that run, so it stays a unit of its own.
 * The running wrapper is kept in a thread-local slot that {@link #run()} and
 * {@link #call()} set and put back themselves; put back with {@code set(null)} rather
 * than {@code remove()}, so that a worker keeps its entry instead of creating one (a
 * weak reference) per task.
 * <p>
 * A task with an explicit name ({@link AsyncTasks}) that an executor hides in a wrapper
 * before the starter sees it ({@code submit} makes a {@code FutureTask}) is named when it
 * starts, right before its own code: it {@linkplain #nameRunning(String) names} the
 * running wrapper, which then records the unit under that name.
 * <p>
 * It is a {@link Runnable} and a {@link Callable}, so that it stands for the task in
 * whichever submission method received it.
 *
 * @author Async Telemetry team
 */
final class InstrumentedTask implements Runnable, Callable<@Nullable Object> {

	private static final ThreadLocal<@Nullable InstrumentedTask> running = new ThreadLocal<>();

	private final Object task;

	private final @Nullable Future<?> future;

	private final UnitSource submitted;

	private final CapturedContext context;

	/**
	 * When the task was submitted, on the clock of the unit lifecycle.
	 */
	private final long submittedNanos;

	/**
	 * The thread that submitted the task, until its first run: a first run on another
	 * thread is one that waited for the executor, and its wait is recorded. {@code null}
	 * once the task has run, and for a task whose first run is scheduled for later (a
	 * {@code @Scheduled} run, a task given to a {@code schedule} method), whose wait
	 * would be its delay. A plain field: the executor's hand-off of the task orders its
	 * writes before each run, and each run before the next.
	 */
	private @Nullable Thread submitter;

	/**
	 * The instrumentation of the application that made this wrapper: wrappers of another
	 * application never merge with this one.
	 */
	private final TaskInstrumentation owner;

	/**
	 * The wrapper that was running on the submitting thread when this one was made, if
	 * any.
	 */
	private final @Nullable InstrumentedTask madeIn;

	/**
	 * The unit of the current run, read and written by the running thread only.
	 */
	private @Nullable UnitObservation observation;

	InstrumentedTask(Object task, UnitSource source, CapturedContext context, TaskInstrumentation owner,
			long submittedNanos) {
		this.task = task;
		Object body = (task instanceof AsyncTasks.NamedTask named) ? named.task() : task;
		this.future = (body instanceof Future<?> submitted) ? submitted : null;
		this.submitted = source;
		this.context = context;
		this.submittedNanos = submittedNanos;
		this.submitter = (submittedNanos != 0 && !SpringTaskShapes.isScheduledRunTask(task)) ? Thread.currentThread()
				: null;
		this.owner = owner;
		this.madeIn = running.get();
	}

	@Override
	public void run() {
		InstrumentedTask outer = enter();
		CapturedContext.Scope context = this.context.restore();
		UnitObservation observation = this.submitted.startHere(queuedSince());
		this.observation = observation;
		Throwable failure = null;
		try {
			((Runnable) this.task).run();
		}
		catch (Throwable ex) {
			failure = ex;
			throw ex;
		}
		finally {
			end(observation, context, failure, outer);
		}
	}

	@Override
	public @Nullable Object call() throws Exception {
		InstrumentedTask outer = enter();
		CapturedContext.Scope context = this.context.restore();
		UnitObservation observation = this.submitted.startHere(queuedSince());
		this.observation = observation;
		Throwable failure = null;
		try {
			return ((Callable<?>) this.task).call();
		}
		catch (Throwable ex) {
			failure = ex;
			throw ex;
		}
		finally {
			end(observation, context, failure, outer);
		}
	}

	/**
	 * Return the wrapper of an application's instrumentation running on this thread, or
	 * {@code null}.
	 * @param owner the instrumentation of the application
	 * @return the running wrapper, or {@code null}
	 */
	static @Nullable InstrumentedTask running(TaskInstrumentation owner) {
		InstrumentedTask wrapper = running.get();
		return (wrapper != null && wrapper.owner == owner) ? wrapper : null;
	}

	/**
	 * Return the wrapper of a task that this task's run submits to continue itself: the
	 * same unit source as submitted, and the same submitter's context.
	 * @param task the task submitted by this run
	 * @return its wrapper
	 */
	InstrumentedTask continuation(Object task) {
		return new InstrumentedTask(task, this.submitted, this.context, this.owner, 0);
	}

	/**
	 * Give the wrapper running on this thread the explicit name of the task it runs, when
	 * the task was hidden in a wrapper at submission and so could not be named then.
	 * Called by the named task right before its own code.
	 * @param namedTask the named task that starts
	 */
	static void nameRunning(AsyncTasks.NamedTask namedTask) {
		InstrumentedTask wrapper = running.get();
		UnitObservation observation = (wrapper != null) ? wrapper.observation : null;
		if (observation != null && wrapper.task != namedTask && observation.getSource() == wrapper.submitted) {
			observation.rename(wrapper.owner.source(namedTask.taskName()));
		}
	}

	/**
	 * Become the running wrapper of this thread, taking the unit over from the wrapper
	 * running now when this one belongs to its task.
	 * @return the wrapper running before, to give back at the end of the run
	 */
	private @Nullable InstrumentedTask enter() {
		InstrumentedTask outer = running.get();
		UnitObservation outerObservation = (outer != null) ? outer.observation : null;
		if (outerObservation != null && outer != this.madeIn && outer.owner == this.owner) {
			outerObservation.handOver();
		}
		running.set(this);
		return outer;
	}

	/**
	 * Return when the task was submitted, for its first run on another thread than the
	 * submitting one, {@code 0} otherwise.
	 */
	private long queuedSince() {
		Thread submitter = this.submitter;
		if (submitter == null) {
			return 0;
		}
		this.submitter = null;
		return (submitter != Thread.currentThread()) ? this.submittedNanos : 0;
	}

	/**
	 * Note that the task was given to a {@code schedule} method: its first run is not
	 * meant to start at once, so no queue wait is recorded for it.
	 */
	void scheduled() {
		this.submitter = null;
	}

	/**
	 * Count the task as refused by its executor.
	 */
	void rejected() {
		this.submitted.recordAtOnce(UnitState.REJECTED, null);
	}

	private void end(UnitObservation observation, CapturedContext.Scope context, @Nullable Throwable failure,
			@Nullable InstrumentedTask outer) {
		if (failure == null && this.future != null && this.future.isDone()) {
			failure = TaskOutcome.of(this.future);
		}
		observation.finish(failure);
		this.observation = null;
		context.close();
		running.set(outer);
	}

	/**
	 * Whether this wrapper, being handed on, is of the given application and is not
	 * running (a task its own run submits is a task of its own).
	 * @param owner the instrumentation of an application
	 * @return whether the given application's executors should pass it on as it is
	 */
	boolean isHandedOnBy(TaskInstrumentation owner) {
		return this.owner == owner && this.observation == null;
	}

	@Override
	public String toString() {
		return this.task.toString();
	}

}
