package io.github.asynctelemetry.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.annotation.Timed;
import io.micrometer.observation.annotation.Observed;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * An {@code @Async} call through the bean's Spring proxy and the caller's
 * {@code join()} on the returned future, in the caller's observation.
 * <p>
 * On a synchronous executor (the body runs on the calling thread) the difference between
 * variants is the cost each adds, without thread hand-off noise: {@code bareSync} (the
 * starter disabled), {@code untracedSync} (meters and context), {@code tracedSync}
 * (meters, context and a span), and the peers a user would assemble instead:
 * {@code timedAspectSync} (Micrometer's {@code @Timed} with Spring Boot's
 * {@code TimedAspect}, and Spring's {@code ContextPropagatingTaskDecorator} on the
 * executor: metrics and context) and {@code observedAspectSync} ({@code @Observed} with
 * Spring Boot's {@code ObservedAspect}, whose observation registry is wired to tracing,
 * and the same decorator: spans, metrics and context). On a one-thread
 * {@code ThreadPoolTaskExecutor} the variants {@code barePool}, {@code untracedPool}
 * and {@code tracedPool} measure the real round trip to a worker thread and back, and
 * {@code agentPool} makes the same round trip with the starter disabled and the
 * OpenTelemetry Java agent attached to its fork instead (its exporters set to
 * {@code none}, otherwise its defaults), whose executor instrumentation propagates the
 * caller's context (a span the agent made) to the worker thread, without meters. Its
 * fork takes the agent from {@value #AGENT_JAR}, relative to the working directory: run
 * {@code java -jar benchmarks/target/benchmarks.jar} from the repository root after
 * {@code package}, which copies the agent there.
 *
 * @author Async Telemetry team
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class AsyncMethodBenchmark {

	private static final String TRACED = "otel.instrumentation.async.method-names-to-trace=PlainWorker.work";

	private static final String DISABLED = "otel.instrumentation.async.enabled=false";

	private static final String ANNOTATIONS = "management.observations.annotations.enabled=true";

	/**
	 * Where {@code agentPool}'s fork takes the OpenTelemetry Java agent from, relative to
	 * the repository root (the build copies it there at {@code package}).
	 */
	static final String AGENT_JAR = "benchmarks/target/agent/opentelemetry-javaagent.jar";

	@Benchmark
	public Integer bareSync(BareSync state) {
		return state.worker.work(1).join();
	}

	@Benchmark
	public Integer untracedSync(UntracedSync state) {
		return state.worker.work(1).join();
	}

	@Benchmark
	public Integer tracedSync(TracedSync state) {
		return state.worker.work(1).join();
	}

	@Benchmark
	public Integer timedAspectSync(TimedAspectSync state) {
		return state.worker.work(1).join();
	}

	@Benchmark
	public Integer observedAspectSync(ObservedAspectSync state) {
		return state.worker.work(1).join();
	}

	@Benchmark
	public Integer barePool(BarePool state) {
		return state.worker.work(1).join();
	}

	@Benchmark
	public Integer untracedPool(UntracedPool state) {
		return state.worker.work(1).join();
	}

	@Benchmark
	public Integer tracedPool(TracedPool state) {
		return state.worker.work(1).join();
	}

	@Benchmark
	@Fork(value = 3, jvmArgsAppend = { "-Xms512m", "-Xmx512m", "-javaagent:" + AGENT_JAR,
			"-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none" })
	public Integer agentPool(AgentPool state) {
		return state.worker.work(1).join();
	}

	/**
	 * The {@code @Async} bean of every variant.
	 */
	public interface Worker {

		/**
		 * Do a trivial piece of asynchronous work.
		 * @param value the input
		 * @return the completed result
		 */
		CompletableFuture<Integer> work(int value);

	}

	/**
	 * A plain {@code @Async} bean.
	 */
	public static class PlainWorker implements Worker {

		@Async(BenchmarkApplication.EXECUTOR)
		@Override
		public CompletableFuture<Integer> work(int value) {
			return CompletableFuture.completedFuture(value + 1);
		}

	}

	/**
	 * An {@code @Async} bean timed by Micrometer's {@code TimedAspect}.
	 */
	public static class TimedWorker implements Worker {

		@Async(BenchmarkApplication.EXECUTOR)
		@Timed("benchmark.work")
		@Override
		public CompletableFuture<Integer> work(int value) {
			return CompletableFuture.completedFuture(value + 1);
		}

	}

	/**
	 * An {@code @Async} bean observed by Micrometer's {@code ObservedAspect}.
	 */
	public static class ObservedWorker implements Worker {

		@Async(BenchmarkApplication.EXECUTOR)
		@Observed(name = "benchmark.work")
		@Override
		public CompletableFuture<Integer> work(int value) {
			return CompletableFuture.completedFuture(value + 1);
		}

	}

	/**
	 * An {@code @Async} bean that reports what its task sees on the worker thread, called
	 * once after the measured calls (never in the measured path).
	 */
	public static class SpanProbe {

		/**
		 * Report the worker thread's name and the trace id of its current span.
		 * @return what the task saw
		 */
		@Async(BenchmarkApplication.EXECUTOR)
		public CompletableFuture<Seen> current() {
			String traceId = Span.current().getSpanContext().getTraceId();
			return CompletableFuture.completedFuture(new Seen(Thread.currentThread().getName(), traceId));
		}

		/**
		 * What a task saw on the thread that ran it.
		 * @param thread the thread's name
		 * @param traceId the trace id of the OpenTelemetry span current there (all zeros
		 * when there is none)
		 */
		public record Seen(String thread, String traceId) {
		}

	}

	/**
	 * The application of a variant: its worker bean, its executor and its properties.
	 */
	@State(Scope.Thread)
	public abstract static class Variant {

		private final Class<? extends Worker> workerType;

		private final boolean pool;

		private final boolean propagating;

		private final String[] properties;

		BenchmarkRun run;

		Worker worker;

		Variant(Class<? extends Worker> workerType, boolean pool, boolean propagating, String... properties) {
			this.workerType = workerType;
			this.pool = pool;
			this.propagating = propagating;
			this.properties = properties;
		}

		@Setup(Level.Trial)
		public void setUp() {
			this.run = start();
			this.worker = this.run.bean(Worker.class);
		}

		/**
		 * Start the variant's application, with the caller's context open on this thread.
		 * @return the run
		 */
		BenchmarkRun start() {
			return BenchmarkRun.start(this::register, this.properties);
		}

		/**
		 * Register the variant's beans: its worker and its executor.
		 * @param context the application's context
		 */
		void register(GenericApplicationContext context) {
			context.registerBean("worker", this.workerType);
			if (this.pool) {
				context.registerBean(BenchmarkApplication.EXECUTOR, ThreadPoolTaskExecutor.class, Variant::threadPool);
			}
			else {
				context.registerBean(BenchmarkApplication.EXECUTOR, TaskExecutor.class,
						() -> synchronous((this.propagating) ? new ContextPropagatingTaskDecorator() : null));
			}
		}

		private static ThreadPoolTaskExecutor threadPool() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setMaxPoolSize(1);
			executor.setThreadNamePrefix("benchmark-");
			return executor;
		}

		private static TaskExecutor synchronous(@Nullable TaskDecorator decorator) {
			TaskExecutorAdapter executor = new TaskExecutorAdapter(Runnable::run);
			if (decorator != null) {
				executor.setTaskDecorator(decorator);
			}
			return executor;
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			try {
				verify(this.run);
			}
			finally {
				close();
			}
		}

		/**
		 * Close what {@link #start()} opened, on the thread that opened it.
		 */
		void close() {
			this.run.close();
		}

		abstract void verify(BenchmarkRun run);

	}

	/**
	 * {@code bareSync}: the starter disabled, same-thread executor.
	 */
	@State(Scope.Thread)
	public static class BareSync extends Variant {

		public BareSync() {
			super(PlainWorker.class, false, false, DISABLED);
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expect(run.units("async_method") == 0, "no async_method unit");
			run.expect(run.spanNames().isEmpty(), "no span");
		}

	}

	/**
	 * {@code untracedSync}: meters and context, same-thread executor.
	 */
	@State(Scope.Thread)
	public static class UntracedSync extends Variant {

		public UntracedSync() {
			super(PlainWorker.class, false, false);
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expect(run.units("async_method") > 0, "async_method units");
			run.expect(run.spanNames().isEmpty(), "no span");
		}

	}

	/**
	 * {@code tracedSync}: meters, context and a span, same-thread executor.
	 */
	@State(Scope.Thread)
	public static class TracedSync extends Variant {

		public TracedSync() {
			super(PlainWorker.class, false, false, TRACED);
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expect(run.units("async_method") > 0, "async_method units");
			run.expect(run.spanNames().contains("async PlainWorker.work"), "spans 'async PlainWorker.work'");
		}

	}

	/**
	 * {@code timedAspectSync}: {@code @Timed} and Spring's context decorator, same-thread executor.
	 */
	@State(Scope.Thread)
	public static class TimedAspectSync extends Variant {

		public TimedAspectSync() {
			super(TimedWorker.class, false, true, DISABLED, ANNOTATIONS);
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expect(run.timerCount("benchmark.work") > 0, "@Timed samples");
			run.expect(run.units("async_method") == 0, "no async_method unit");
		}

	}

	/**
	 * {@code observedAspectSync}: {@code @Observed} and Spring's context decorator, same-thread executor.
	 */
	@State(Scope.Thread)
	public static class ObservedAspectSync extends Variant {

		public ObservedAspectSync() {
			super(ObservedWorker.class, false, true, DISABLED, ANNOTATIONS);
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expect(run.timerCount("benchmark.work") > 0, "@Observed samples");
			run.expect(run.spanNames().contains("ObservedWorker#work"), "spans 'ObservedWorker#work'");
			run.expect(run.units("async_method") == 0, "no async_method unit");
		}

	}

	/**
	 * {@code barePool}: the starter disabled, one-thread pool.
	 */
	@State(Scope.Thread)
	public static class BarePool extends Variant {

		public BarePool() {
			super(PlainWorker.class, true, false, DISABLED);
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expect(run.units("async_method") == 0, "no async_method unit");
			run.expect(run.spanNames().isEmpty(), "no span");
		}

	}

	/**
	 * {@code untracedPool}: meters and context, one-thread pool.
	 */
	@State(Scope.Thread)
	public static class UntracedPool extends Variant {

		public UntracedPool() {
			super(PlainWorker.class, true, false);
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expect(run.units("async_method") > 0, "async_method units");
			run.expect(run.units("task") == 0, "no task unit for @Async calls");
			run.expect(run.spanNames().isEmpty(), "no span");
		}

	}

	/**
	 * {@code tracedPool}: meters, context and a span, one-thread pool.
	 */
	@State(Scope.Thread)
	public static class TracedPool extends Variant {

		public TracedPool() {
			super(PlainWorker.class, true, false, TRACED);
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expect(run.units("async_method") > 0, "async_method units");
			run.expect(run.spanNames().contains("async PlainWorker.work"), "spans 'async PlainWorker.work'");
		}

	}

	/**
	 * {@code agentPool}: the starter disabled and the OpenTelemetry Java agent attached,
	 * one-thread pool. The measured calls are {@code barePool}'s. The caller's context
	 * holds, besides the caller's observation, a span that the agent made (through the
	 * application's OpenTelemetry API, which the agent bridges), as the agent's server
	 * instrumentation would make for a request: the agent propagates only its own context,
	 * and drops from it the span of Spring Boot's SDK that the caller's observation makes
	 * current. After the measured calls, one call to a {@link SpanProbe} through the same
	 * executor checks that the agent wrapped the task: the caller's span is current on the
	 * worker thread, where nothing else would put it.
	 */
	@State(Scope.Thread)
	public static class AgentPool extends Variant {

		private static final String AGENT_BOOTSTRAP_CLASS = "io.opentelemetry.javaagent.bootstrap.AgentInitializer";

		private @Nullable Span caller;

		private io.opentelemetry.context.@Nullable Scope callerScope;

		public AgentPool() {
			super(PlainWorker.class, true, false, DISABLED);
		}

		@Override
		BenchmarkRun start() {
			requireAgent();
			BenchmarkRun run = super.start();
			this.caller = GlobalOpenTelemetry.getTracer(AgentPool.class.getName())
				.spanBuilder("benchmark.caller")
				.startSpan();
			this.callerScope = this.caller.makeCurrent();
			return run;
		}

		private static void requireAgent() {
			boolean argument = ManagementFactory.getRuntimeMXBean()
				.getInputArguments()
				.contains("-javaagent:" + AGENT_JAR);
			if (!argument || !agentLoaded()) {
				Path jar = Path.of(AGENT_JAR).toAbsolutePath();
				throw new IllegalStateException("agentPool needs the OpenTelemetry Java agent attached to its JMH fork "
						+ "(@Fork(jvmArgsAppend = \"-javaagent:" + AGENT_JAR + "\")), but this JVM has "
						+ ((argument) ? "that argument and no agent loaded" : "no such argument")
						+ ": run java -jar benchmarks/target/benchmarks.jar from the repository root, with at least "
						+ "one fork, after ./mvnw -pl benchmarks -am package has copied the agent to " + jar
						+ ((Files.isRegularFile(jar)) ? " (it is there)" : " (it is not there)"));
			}
		}

		private static boolean agentLoaded() {
			try {
				Class.forName(AGENT_BOOTSTRAP_CLASS, false, null);
				return true;
			}
			catch (ClassNotFoundException ex) {
				return false;
			}
		}

		@Override
		void register(GenericApplicationContext context) {
			super.register(context);
			context.registerBean(SpanProbe.class);
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expect(run.units("async_method") == 0, "no async_method unit");
			run.expect(run.spanNames().isEmpty(), "no span in Spring Boot's span pipeline");
			String caller = (this.caller != null) ? this.caller.getSpanContext().getTraceId() : "none";
			run.expect(this.caller != null && this.caller.getSpanContext().isValid(),
					"a valid caller span from the agent's OpenTelemetry, not trace " + caller);
			SpanProbe.Seen seen = run.bean(SpanProbe.class).current().join();
			run.expect(seen.thread().startsWith("benchmark-"),
					"the probe's task on the pool's thread, not " + seen.thread());
			run.expect(seen.traceId().equals(caller), "the agent to wrap the task so that the caller's span (trace "
					+ caller + ") is current in it on the worker thread, but its trace is " + seen.traceId());
		}

		@Override
		void close() {
			try {
				if (this.callerScope != null) {
					this.callerScope.close();
				}
				if (this.caller != null) {
					this.caller.end();
				}
			}
			finally {
				super.close();
			}
		}

	}

}
