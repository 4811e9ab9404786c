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
 * For an executor the application builds itself, build it with Spring Boot's builder,
 * or set this decorator as (or compose it into) the executor's task decorator; those are
 * the one-line fixes that {@code /actuator/asyncio} gives for such an executor. Inject it
 * by its class: it is a fallback bean, which an application's own {@code TaskDecorator}
 * bean wins over where a single {@code TaskDecorator} is injected.
 * <pre class="code">
 * &#64;Bean
 * ThreadPoolTaskExecutor workers(ThreadPoolTaskExecutorBuilder builder) {
 *     return builder.corePoolSize(4).threadNamePrefix("workers-").build();
 * }
 *
 * &#64;Bean
 * ThreadPoolTaskExecutor legacy(AsyncTelemetryTaskDecorator decorator) {
 *     ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
 *     executor.setTaskDecorator(decorator);
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
