package io.github.asynctelemetry.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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

/**
 * A call of a bean method that returns a {@code CompletableFuture}, in the caller's
 * observation, and the caller's {@code join()}: {@code bare} (the starter disabled, so the
 * bean is not even proxied), {@code untraced} (the future is a unit with its meters) and
 * {@code traced} ({@code future-trace-enabled}: a span too). The {@code mode} parameter
 * chooses a future that is already complete when the method returns it
 * ({@code complete}) or one that the caller completes after the call ({@code later}).
 *
 * @author Async Telemetry team
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class FutureBenchmark {

	@Benchmark
	public Integer bare(Bare state) {
		return state.call();
	}

	@Benchmark
	public Integer untraced(Untraced state) {
		return state.call();
	}

	@Benchmark
	public Integer traced(Traced state) {
		return state.call();
	}

	/**
	 * A bean of the application's own package with future-returning methods.
	 */
	public static class QuoteService {

		/**
		 * Return a future that is already complete.
		 * @param value the value
		 * @return the completed future
		 */
		public CompletableFuture<Integer> completed(int value) {
			return CompletableFuture.completedFuture(value);
		}

		/**
		 * Return a future that the caller completes.
		 * @return the pending future
		 */
		public CompletableFuture<Integer> pending() {
			return new CompletableFuture<>();
		}

	}

	/**
	 * The application of a variant.
	 */
	@State(Scope.Thread)
	public abstract static class Variant {

		/**
		 * Whether the future is complete when returned, or completed later by the caller.
		 */
		@Param({ "complete", "later" })
		public String mode;

		private final String[] properties;

		BenchmarkRun run;

		QuoteService service;

		boolean later;

		Variant(String... properties) {
			this.properties = properties;
		}

		@Setup(Level.Trial)
		public void setUp() {
			this.run = BenchmarkRun.start((context) -> context.registerBean("quoteService", QuoteService.class),
					this.properties);
			this.service = this.run.bean(QuoteService.class);
			this.later = switch (this.mode) {
				case "complete" -> false;
				case "later" -> true;
				default -> throw new IllegalArgumentException("Unknown mode " + this.mode);
			};
		}

		Integer call() {
			if (this.later) {
				CompletableFuture<Integer> future = this.service.pending();
				future.complete(1);
				return future.join();
			}
			return this.service.completed(1).join();
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.run.verifyAndClose(this::verify);
		}

		abstract void verify(BenchmarkRun run);

	}

	/**
	 * {@code bare}: the starter disabled.
	 */
	@State(Scope.Thread)
	public static class Bare extends Variant {

		public Bare() {
			super("otel.instrumentation.async.enabled=false");
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expectUnits("future", false, null);
		}

	}

	/**
	 * {@code untraced}: the future is a unit, without a span.
	 */
	@State(Scope.Thread)
	public static class Untraced extends Variant {

		@Override
		void verify(BenchmarkRun run) {
			run.expectUnits("future", true, null);
		}

	}

	/**
	 * {@code traced}: the future is a unit with a span.
	 */
	@State(Scope.Thread)
	public static class Traced extends Variant {

		public Traced() {
			super("otel.instrumentation.async.future-trace-enabled=true");
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expectUnits("future", true, "future QuoteService.");
		}

	}

}
