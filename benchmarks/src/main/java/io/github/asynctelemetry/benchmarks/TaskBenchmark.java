package io.github.asynctelemetry.benchmarks;

import java.util.concurrent.TimeUnit;

import io.github.asynctelemetry.task.TelemetryTaskDecorator;
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

import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.core.task.support.TaskExecutorAdapter;

/**
 * A task through a decorated executor, in the caller's observation. The executor is
 * Spring's {@link TaskExecutorAdapter} over a same-thread executor, so that the
 * difference between variants is the decoration and nothing else: {@code bare} (no
 * decorator), {@code contextPropagatingDecorator} (Spring's
 * {@link ContextPropagatingTaskDecorator}: context only), {@code untraced} (the
 * starter's {@link TelemetryTaskDecorator} bean: context and meters) and {@code traced}
 * (the same with the task's name in {@code task-names-to-trace}: a span too).
 * <p>
 * The {@code naming} parameter chooses how the starter names the task:
 * {@code taskClass} submits an instance of a user-written {@code Runnable} class (named
 * after the class, looked up in a cache), {@code submitter} submits a lambda (named after
 * the submitting method, found by a bounded stack walk on each submission).
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

	private static final String TRACED = "otel.instrumentation.async.task-names-to-trace=RenderTask,TaskBenchmark.traced";

	@Benchmark
	public void bare(Bare state) {
		state.executor.execute(state.task);
	}

	@Benchmark
	public void contextPropagatingDecorator(ContextPropagating state) {
		state.executor.execute(state.task);
	}

	@Benchmark
	public void untraced(Untraced state) {
		state.executor.execute(state.task);
	}

	@Benchmark
	public void traced(Traced state) {
		state.executor.execute(state.task);
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
		@Param({ "taskClass", "submitter" })
		public String naming;

		private final String[] properties;

		BenchmarkRun run;

		TaskExecutorAdapter executor;

		Runnable task;

		RenderTask body;

		Variant(String... properties) {
			this.properties = properties;
		}

		@Setup(Level.Trial)
		public void setUp() {
			this.run = BenchmarkRun.start((context) -> {
			}, this.properties);
			this.body = new RenderTask();
			RenderTask body = this.body;
			this.task = switch (this.naming) {
				case "taskClass" -> body;
				case "submitter" -> body::run;
				default -> throw new IllegalArgumentException("Unknown naming " + this.naming);
			};
			this.executor = new TaskExecutorAdapter(Runnable::run);
			TaskDecorator decorator = decorator(this.run);
			if (decorator != null) {
				this.executor.setTaskDecorator(decorator);
			}
		}

		abstract @Nullable TaskDecorator decorator(BenchmarkRun run);

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
		@Nullable TaskDecorator decorator(BenchmarkRun run) {
			return null;
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
		TaskDecorator decorator(BenchmarkRun run) {
			return new ContextPropagatingTaskDecorator();
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expect(run.units("task") == 0, "no task unit");
		}

	}

	/**
	 * {@code untraced}: the starter's decorator, the task name not traced.
	 */
	@State(Scope.Thread)
	public static class Untraced extends Variant {

		@Override
		TaskDecorator decorator(BenchmarkRun run) {
			return run.bean(TelemetryTaskDecorator.class);
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expect(run.units("task") > 0, "task units");
			run.expect(run.spanNames().isEmpty(), "no span");
		}

	}

	/**
	 * {@code traced}: the starter's decorator, the task name traced.
	 */
	@State(Scope.Thread)
	public static class Traced extends Variant {

		public Traced() {
			super(TRACED);
		}

		@Override
		TaskDecorator decorator(BenchmarkRun run) {
			return run.bean(TelemetryTaskDecorator.class);
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expect(run.units("task") > 0, "task units");
			run.expect(run.spanNames().contains(
					("taskClass".equals(this.naming)) ? "task RenderTask" : "task TaskBenchmark.traced"),
					"spans of the traced task name");
		}

	}

}
