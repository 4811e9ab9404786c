package io.github.asynctelemetry.benchmarks;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.asynctelemetry.task.AsyncTelemetryTaskDecorator;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.ApplicationContext;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.core.task.support.TaskExecutorAdapter;

/**
 * A task through an executor bean, in the caller's observation. The executor is Spring's
 * {@link TaskExecutorAdapter} over a same-thread executor, registered as a bean of the
 * variant's application, so that the difference between variants is the instrumentation
 * and nothing else: {@code bare} (starter off, no decorator),
 * {@code contextPropagatingDecorator} (starter off, Spring's
 * {@link ContextPropagatingTaskDecorator} on the executor: context only), {@code untraced}
 * (starter on: the starter's {@link AsyncTelemetryTaskDecorator} bean set on the
 * executor, as an application does for an executor it builds itself: context and
 * meters) and {@code traced} (the same with the task's name in
 * {@code task-names-to-trace}: a span too).
 * <p>
 * The {@code naming} parameter chooses how the starter names the task:
 * {@code taskClass} submits an instance of a user-written {@code Runnable} class (named
 * after the class, once per class), {@code submitter} submits a lambda of the application
 * (named after the submitting method, {@code Variant.submit}, found once per lambda
 * class), and
 * {@code supplyAsync} submits through {@code CompletableFuture.supplyAsync(supplier,
 * executor)}, which hides the task in a JDK wrapper (named after the submitting method,
 * found by a bounded stack walk on each submission).
 *
 * @author Async Telemetry team
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class TaskBenchmark {

	private static final String DISABLED = "otel.instrumentation.async.enabled=false";

	private static final String TRACED = "otel.instrumentation.async.task-names-to-trace=RenderTask,Variant.submit";

	private static final String EXECUTOR = "taskBenchmarkExecutor";

	@Benchmark
	public @Nullable Object bare(Bare state) {
		return state.submit();
	}

	@Benchmark
	public @Nullable Object contextPropagatingDecorator(ContextPropagating state) {
		return state.submit();
	}

	@Benchmark
	public @Nullable Object untraced(Untraced state) {
		return state.submit();
	}

	@Benchmark
	public @Nullable Object traced(Traced state) {
		return state.submit();
	}

	@Benchmark
	public @Nullable Object untracedWithContextPropagatingDecorator(UntracedWithContextPropagating state) {
		return state.submit();
	}

	@Benchmark
	public @Nullable Object untracedThroughADelegatingExecutor(UntracedDelegating state) {
		return state.submit();
	}

	/**
	 * A user-written task class: the starter names its instances {@code RenderTask}.
	 */
	public static class RenderTask implements Runnable {

		private long runs;

		@Override
		public void run() {
			this.runs++;
		}

		long next() {
			return ++this.runs;
		}

		long runs() {
			return this.runs;
		}

	}

	/**
	 * The application, task and executor of a variant.
	 */
	@State(Scope.Thread)
	public abstract static class Variant {

		/**
		 * How the starter names the task: after its class or after the submitting method.
		 */
		@Param({ "taskClass", "submitter", "supplyAsync" })
		public String naming;

		private final String[] properties;

		BenchmarkRun run;

		TaskExecutorAdapter executor;

		Runnable task;

		@Nullable Supplier<Long> supplier;

		RenderTask body;

		Variant(String... properties) {
			this.properties = properties;
		}

		@Setup(Level.Trial)
		public void setUp() {
			this.run = BenchmarkRun.start((context) -> context.registerBean(EXECUTOR, TaskExecutorAdapter.class,
					() -> executor(context)), this.properties);
			this.body = new RenderTask();
			RenderTask body = this.body;
			this.task = switch (this.naming) {
				case "taskClass" -> body;
				case "submitter", "supplyAsync" -> body::run;
				default -> throw new IllegalArgumentException("Unknown naming " + this.naming);
			};
			this.supplier = ("supplyAsync".equals(this.naming)) ? body::next : null;
			this.executor = this.run.bean(EXECUTOR, TaskExecutorAdapter.class);
		}

		TaskExecutorAdapter executor(ApplicationContext context) {
			return adapter(Runnable::run, decorator(context));
		}

		static TaskExecutorAdapter adapter(Executor target, @Nullable TaskDecorator decorator) {
			TaskExecutorAdapter executor = new TaskExecutorAdapter(target);
			if (decorator != null) {
				executor.setTaskDecorator(decorator);
			}
			return executor;
		}

		@Nullable Object submit() {
			if (this.supplier != null) {
				return CompletableFuture.supplyAsync(this.supplier, this.executor);
			}
			this.executor.execute(this.task);
			return null;
		}

		@Nullable TaskDecorator decorator(ApplicationContext context) {
			return null;
		}

		/**
		 * Return the starter's decorator of the variant's application.
		 */
		static TaskDecorator starter(ApplicationContext context) {
			return context.getBean(AsyncTelemetryTaskDecorator.class);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			try {
				this.run.expect(this.body.runs() > 0, "the task to run");
				verify(this.run);
			}
			finally {
				this.run.close();
			}
		}

		abstract void verify(BenchmarkRun run);

	}

	/**
	 * {@code bare}: no decorator.
	 */
	@State(Scope.Thread)
	public static class Bare extends Variant {

		public Bare() {
			super(DISABLED);
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expect(run.units("task") == 0, "no task unit");
		}

	}

	/**
	 * {@code contextPropagatingDecorator}: Spring's {@code ContextPropagatingTaskDecorator}.
	 */
	@State(Scope.Thread)
	public static class ContextPropagating extends Variant {

		public ContextPropagating() {
			super(DISABLED);
		}

		@Override
		TaskDecorator decorator(ApplicationContext context) {
			return new ContextPropagatingTaskDecorator();
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expect(run.units("task") == 0, "no task unit");
		}

	}

	/**
	 * {@code untraced}: the starter's instrumentation, the task name not traced.
	 */
	@State(Scope.Thread)
	public static class Untraced extends Variant {

		@Override
		TaskDecorator decorator(ApplicationContext context) {
			return starter(context);
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expect(run.units("task") > 0, "task units");
			run.expect(run.spanNames().isEmpty(), "no span");
		}

	}

	/**
	 * {@code untracedWithContextPropagatingDecorator}: the starter's instrumentation and
	 * Spring's {@code ContextPropagatingTaskDecorator} on the same executor, as with Spring
	 * Boot 4.1's {@code spring.task.execution.propagate-context=true}: the context is
	 * captured and restored twice.
	 */
	@State(Scope.Thread)
	public static class UntracedWithContextPropagating extends Untraced {

		@Override
		TaskDecorator decorator(ApplicationContext context) {
			return new CompositeTaskDecorator(List.of(starter(context), new ContextPropagatingTaskDecorator()));
		}

	}

	/**
	 * {@code traced}: the starter's instrumentation, the task name traced.
	 */
	@State(Scope.Thread)
	public static class Traced extends Variant {

		public Traced() {
			super(TRACED);
		}

		@Override
		TaskDecorator decorator(ApplicationContext context) {
			return starter(context);
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expect(run.units("task") > 0, "task units");
			run.expect(run.spanNames().contains(
					("taskClass".equals(this.naming)) ? "task RenderTask" : "task Variant.submit"),
					"spans of the traced task name");
		}

	}

	/**
	 * {@code untracedThroughADelegatingExecutor}: the task goes through a delegating
	 * executor with Spring's {@code ContextPropagatingTaskDecorator} (the shape of Spring
	 * Security's executor or of a {@code TaskExecutorAdapter} around a pool) to an
	 * executor with the starter's decorator: one unit per task, never two.
	 */
	@State(Scope.Thread)
	public static class UntracedDelegating extends Untraced {

		@Override
		TaskExecutorAdapter executor(ApplicationContext context) {
			return adapter(adapter(Runnable::run, starter(context)), new ContextPropagatingTaskDecorator());
		}

		@Override
		void verify(BenchmarkRun run) {
			super.verify(run);
			run.expect(run.units("task") == this.body.runs(), "one task unit per run");
		}

	}

}
