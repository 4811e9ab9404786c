package io.github.asynctelemetry.task;

import io.github.asynctelemetry.context.AsyncCallHandOff;
import io.github.asynctelemetry.context.CapturedContext;
import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.lifecycle.UnitLifecycle;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.names.ApplicationPackages;
import io.github.asynctelemetry.names.NameSelector;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import org.jspecify.annotations.Nullable;

/**
 * Makes a task submitted to an executor or scheduler an asynchronous unit of type
 * {@code task}: at submission, on the submitting thread, it names the task
 * ({@link TaskNames}) and captures the submitter's context; it returns the one wrapper
 * ({@code InstrumentedTask}) that carries both to the worker thread, where each run is
 * timed, recorded in the {@code asyncio.process.*} meters and, when the name is
 * selected by {@code task-names-to-trace}, traced in a span {@code task <name>}, child
 * of the span current at submission.
 * <p>
 * Cost per task: on the submitting thread, a thread-local read, a {@code ClassValue}
 * lookup by the task's class (for a task hidden in a JDK or Spring wrapper, a bounded
 * stack walk instead), one context capture and one wrapper; on the worker thread, a
 * thread-local read and write, restoring the context, two {@code nanoTime} calls and
 * the meters' own work. One instance serves one application context.
 *
 * @author Async Telemetry team
 */
public class TaskInstrumentation {

	private final UnitLifecycle lifecycle;

	private final TaskNames names;

	private final ContextCapture context;

	private final FailureLog failureLog;

	/**
	 * Create the instrumentation of the tasks of one application.
	 * @param recorder the recorder of the meters
	 * @param taskNamesToTrace the selector of the task names that get spans
	 * @param maxTaskNames the number of distinct task names past which names share the
	 * overflow name
	 * @param tracer the tracer of selected tasks
	 * @param context the capture of the submitter's context
	 * @param application the application's packages, whose code names tasks
	 */
	public TaskInstrumentation(AsyncUnitRecorder recorder, NameSelector taskNamesToTrace, int maxTaskNames,
			UnitTracer tracer, ContextCapture context, ApplicationPackages application) {
		this.lifecycle = new UnitLifecycle(recorder, tracer);
		this.names = new TaskNames(this.lifecycle, taskNamesToTrace, maxTaskNames, application);
		this.failureLog = recorder.getFailureLog();
		this.context = context;
	}

	/**
	 * Return the source of the units of an explicit task name, or of the overflow name
	 * past the cap.
	 * @param name the task name
	 * @return the source
	 */
	UnitSource source(String name) {
		return this.names.unit(name);
	}

	/**
	 * Return the wrapper of a task being submitted on the calling thread. Never throws.
	 * A task that carries an {@code @Async} call (handed over by the {@code @Async}
	 * instrumentation, see {@link AsyncCallHandOff}) gets the call's context for the
	 * whole task and no unit of its own: the call is its unit. A task that a running task
	 * submits with no application code in between (a trigger task that Spring schedules
	 * again at the end of each run) is that task's continuation: its next run gets the
	 * same name and the same submitter's context.
	 * @param task the submitted {@code Runnable} or {@code Callable}
	 * @return the wrapper to submit instead ({@link InstrumentedTask} or
	 * {@link AsyncCallTask}), or {@code null} to submit the task as it is (a wrapper
	 * already, one being handed on in another executor's wrapper, or a failure of the
	 * instrumentation)
	 */
	@Nullable Object instrument(Object task) {
		if (task instanceof InstrumentedTask || task instanceof AsyncCallTask || HandOnMark.isHandingOn(this)) {
			return null;
		}
		try {
			CapturedContext call = AsyncCallHandOff.submitting();
			if (call != null) {
				return new AsyncCallTask(task, call);
			}
			UnitSource source = this.names.unitOf(task);
			InstrumentedTask running = (this.names.isFallback(source)) ? InstrumentedTask.running(this) : null;
			return (running != null) ? running.continuation(task)
					: new InstrumentedTask(task, source, this.context.capture(), this, this.lifecycle.now());
		}
		catch (Throwable ex) {
			this.failureLog.failed("instrumenting a task", ex);
			return null;
		}
	}

}
