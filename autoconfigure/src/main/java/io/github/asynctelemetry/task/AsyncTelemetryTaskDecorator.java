package io.github.asynctelemetry.task;

import java.util.function.Supplier;

import io.github.asynctelemetry.unit.FailureLog;

import org.springframework.core.task.TaskDecorator;

/**
 * The starter's {@link TaskDecorator}: it makes each task a {@code task} unit with the
 * submitter's context (or, for the task of an {@code @Async} call, gives it the caller's
 * context), as {@link TaskInstrumentation} describes. The auto-configuration registers
 * it as a bean, which Spring Boot composes with the application's own
 * {@code TaskDecorator} beans into every executor and scheduler it builds: its
 * {@code applicationTaskExecutor} and {@code taskScheduler}, their virtual-thread
 * variants, and every executor the application builds with Spring Boot's
 * {@code ThreadPoolTaskExecutorBuilder}, {@code SimpleAsyncTaskExecutorBuilder},
 * {@code ThreadPoolTaskSchedulerBuilder} or {@code SimpleAsyncTaskSchedulerBuilder}.
 * <p>
 * For an executor the application builds itself, set it as (or compose it into) the
 * executor's task decorator; that is the one-line fix that {@code /actuator/asyncio}
 * gives for such an executor:
 * <pre class="code">
 * &#64;Bean
 * ThreadPoolTaskExecutor workers(TaskDecorator asyncTelemetryTaskDecorator) {
 *     ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
 *     executor.setTaskDecorator(asyncTelemetryTaskDecorator);
 *     return executor;
 * }
 * </pre>
 * The executor itself is not changed: its class, configuration and every method answer
 * as without the starter. A task that passes through several instrumented executors is
 * one unit. Never throws: a failure of the instrumentation leaves the task as it is.
 * <p>
 * Cost: that of {@link TaskInstrumentation}, paid on the thread that submits the task
 * (where the executor calls its decorator) and on the worker.
 *
 * @author Async Telemetry team
 */
public final class AsyncTelemetryTaskDecorator implements TaskDecorator {

	private final Supplier<TaskInstrumentation> instrumentation;

	private final FailureLog failureLog = new FailureLog();

	/**
	 * Create a decorator.
	 * @param instrumentation the instrumentation of the application's tasks, resolved at
	 * the first task
	 */
	public AsyncTelemetryTaskDecorator(Supplier<TaskInstrumentation> instrumentation) {
		this.instrumentation = instrumentation;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		try {
			Object decorated = this.instrumentation.get().instrument(runnable);
			return (decorated != null) ? (Runnable) decorated : runnable;
		}
		catch (Throwable ex) {
			this.failureLog.failed("resolving the task instrumentation", ex);
			return runnable;
		}
	}

}
