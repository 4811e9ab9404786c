package io.github.asynctelemetry.task;

import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.names.NameSelector;
import io.github.asynctelemetry.tracing.GuardedUnitTracer;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncMethodSubmission;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.micrometer.context.ContextSnapshot;

import org.springframework.core.Ordered;
import org.springframework.core.task.TaskDecorator;

/**
 * A {@link TaskDecorator} that makes every task an asynchronous unit of type
 * {@code task}: the task runs with the submitter's context (Micrometer context
 * propagation, as Spring's {@code ContextPropagatingTaskDecorator} does), its run is
 * recorded in the {@code asyncio.process.*} meters, and when its name is selected by
 * {@code task-names-to-trace} it runs in a span {@code task <name>}, child of the span
 * current where it was submitted. The worker thread is left as it was found.
 * <p>
 * Task names, first that applies: an explicit name ({@link AsyncTasks}); the
 * {@code @Scheduled} method ({@code SimpleClassName.method}, learnt when the method
 * starts, see {@link ScheduledTaskNameHandler}); the simple name of a user-written task
 * class handed to the executor; otherwise the user method that submitted the task, found
 * on the submitting thread's stack; otherwise
 * {@value io.github.asynctelemetry.unit.AsyncUnitConventions#TASK_FALLBACK_NAME}.
 * Tasks that carry an {@code @Async} method call only get the context propagation, with
 * the caller's context that the call already captured.
 * <p>
 * A run ends {@code exception} when the task body throws (the same instance is
 * rethrown), when the {@code FutureTask} of a {@code submit(...)} completes
 * exceptionally, or when a task named through {@link AsyncTasks} or a
 * {@code @Scheduled} method fails although a wrapper swallows the failure; it ends
 * {@code cancelled} when a {@code FutureTask} was cancelled before it ran. The tasks of
 * {@code CompletableFuture.runAsync}/{@code supplyAsync} catch the function's failure
 * themselves and end {@code finished}, unless a {@code runAsync} function is wrapped
 * with {@link AsyncTasks#named(String, Runnable)}. Refused tasks are counted
 * {@code rejected} by the {@code TaskExecutorTelemetryPostProcessor}.
 * <p>
 * Cost per task, on the submitting thread: a context snapshot (one read per registered
 * thread-local accessor), one object, and for tasks named after their submitter a
 * bounded stack walk (about 1.5 microseconds on JDK 17); on the
 * worker thread: restoring the snapshot, two {@code nanoTime} calls, one thread-local
 * set and the meters' own work. Names, meters and trace decisions are cached per name;
 * no registry lookup and no string work happens per task.
 * <p>
 * The decorator runs closest to the task ({@link #ORDER}), so that decorators with a
 * larger order wrap it and its duration is that of the task body.
 *
 * @author Async Telemetry team
 */
public class TelemetryTaskDecorator implements TaskDecorator, Ordered {

	/**
	 * The order of this decorator among the {@code TaskDecorator} beans that Spring Boot
	 * composes for its executor and scheduler: early, so that it is applied first and
	 * the decorators of the application wrap it.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	private final TaskInstrumentation instrumentation;

	/**
	 * Create a decorator.
	 * @param recorder the recorder of the meters
	 * @param taskNamesToTrace the selector of the task names that get spans
	 * @param maxTaskNames the number of distinct task names past which names share the
	 * overflow name
	 * @param tracer the tracer of selected tasks
	 * @param context the capture of the submitter's context
	 */
	public TelemetryTaskDecorator(AsyncUnitRecorder recorder, NameSelector taskNamesToTrace, int maxTaskNames,
			UnitTracer tracer, ContextCapture context) {
		TaskNaming naming = new TaskNaming(new TaskUnits(recorder, taskNamesToTrace, maxTaskNames));
		this.instrumentation = new TaskInstrumentation(naming,
				GuardedUnitTracer.of(tracer, recorder.getFailureLog()), recorder.getFailureLog(), context);
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		if (runnable instanceof DecoratedTask) {
			return runnable;
		}
		try {
			ContextSnapshot callerContext = AsyncMethodSubmission.callerContext();
			if (callerContext != null) {
				RejectionRecordingHandler.submitting(null);
				return new PropagatingTask(runnable, callerContext, this.instrumentation);
			}
			TaskName name = name(runnable);
			if (name.source() == NameSource.INHERITED) {
				TaskRun previous = TaskRun.current();
				if (previous != null) {
					InstrumentedTask next = previous.task().rescheduled(runnable);
					RejectionRecordingHandler.submitting(next.name().unit());
					return next;
				}
			}
			RejectionRecordingHandler.submitting(name.unit());
			ContextSnapshot snapshot = this.instrumentation.capture();
			return new InstrumentedTask(runnable, snapshot, name, this.instrumentation);
		}
		catch (Throwable ex) {
			this.instrumentation.failureLog().failed("decorating a task", ex);
			return runnable;
		}
	}

	private TaskName name(Runnable runnable) {
		TaskNaming naming = this.instrumentation.naming();
		if (runnable instanceof AsyncTasks.NamedTask named) {
			return naming.explicit(named.taskName());
		}
		String scopedName = AsyncTasks.scopedName();
		if (scopedName != null) {
			return naming.explicit(scopedName);
		}
		TaskName className = naming.taskClass(runnable.getClass());
		return (className != null) ? className : naming.submitter();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
