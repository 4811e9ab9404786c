package io.github.asynctelemetry.benchmarks;

import java.util.concurrent.TimeUnit;

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
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * A call of a bean method that returns a {@code Mono}, in the caller's observation, and
 * one subscription to it that takes its value: {@code bare} (the starter disabled, so the
 * bean is not even proxied), {@code untraced} (the subscription is a {@code future} unit
 * with its meters) and {@code traced} ({@code future-trace-enabled}: a span too). The
 * subscriber is one plain {@code CoreSubscriber} per benchmark thread, reused, so that
 * the figures hold the call, the subscription and the signals, not a blocking
 * subscriber's latch.
 *
 * @author Async Telemetry team
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class MonoBenchmark {

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
	 * A bean of the application's own package with a {@code Mono}-returning method.
	 */
	public static class ReactiveQuoteService {

		/**
		 * Return a {@code Mono} of the given value.
		 * @param value the value
		 * @return the mono
		 */
		public Mono<Integer> quote(Integer value) {
			return Mono.just(value);
		}

	}

	/**
	 * The subscriber of a benchmark thread: requests everything and keeps the value.
	 */
	static final class ValueSubscriber implements CoreSubscriber<Integer> {

		@Nullable Integer value;

		@Override
		public void onSubscribe(Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(Integer value) {
			this.value = value;
		}

		@Override
		public void onError(Throwable failure) {
			throw new IllegalStateException(failure);
		}

		@Override
		public void onComplete() {
		}

	}

	/**
	 * The application of a variant.
	 */
	@State(Scope.Thread)
	public abstract static class Variant {

		private static final Integer VALUE = 1;

		private final String[] properties;

		private final ValueSubscriber subscriber = new ValueSubscriber();

		BenchmarkRun run;

		ReactiveQuoteService service;

		Variant(String... properties) {
			this.properties = properties;
		}

		@Setup(Level.Trial)
		public void setUp() {
			this.run = BenchmarkRun.start(
					(context) -> context.registerBean("reactiveQuoteService", ReactiveQuoteService.class),
					this.properties);
			this.service = this.run.bean(ReactiveQuoteService.class);
		}

		Integer call() {
			this.subscriber.value = null;
			this.service.quote(VALUE).subscribe(this.subscriber);
			Integer value = this.subscriber.value;
			if (value == null) {
				throw new IllegalStateException("No value");
			}
			return value;
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
	 * {@code untraced}: each subscription is a unit, without a span.
	 */
	@State(Scope.Thread)
	public static class Untraced extends Variant {

		@Override
		void verify(BenchmarkRun run) {
			run.expectUnits("future", true, null);
		}

	}

	/**
	 * {@code traced}: each subscription is a unit with a span.
	 */
	@State(Scope.Thread)
	public static class Traced extends Variant {

		public Traced() {
			super("otel.instrumentation.async.future-trace-enabled=true");
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expectUnits("future", true, "future ReactiveQuoteService.quote");
		}

	}

}
