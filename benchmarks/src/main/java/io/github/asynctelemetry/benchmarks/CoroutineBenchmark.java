package io.github.asynctelemetry.benchmarks;

import java.util.concurrent.TimeUnit;

import kotlin.coroutines.Continuation;
import kotlin.coroutines.CoroutineContext;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlin.coroutines.intrinsics.IntrinsicsKt;
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

/**
 * A call of a Kotlin {@code suspend} function of a bean, in the caller's observation:
 * {@code bare} (the starter disabled, so the bean is not even proxied), {@code untraced}
 * (the call is a {@code coroutine} unit with its meters, and the caller's context goes
 * into the function's coroutine context) and {@code traced} (its name selected by
 * {@code method-names-to-trace}: a span too). Two shapes of function: one that returns
 * at once ({@code immediate*}), and one that suspends and is resumed before it returns
 * ({@code suspended*}), whose end the starter sees through the continuation.
 * <p>
 * The functions are written in Java with the JVM signature that Kotlin gives a
 * {@code suspend fun} (a last {@link Continuation} parameter and an {@code Object}
 * result, {@code COROUTINE_SUSPENDED} when it suspended), which is all that Spring and
 * the starter see of one, and called with one reusable continuation per benchmark
 * thread, so that the figures hold the call and the unit, not a coroutine builder. The
 * benchmark's class path has no {@code kotlinx-coroutines-reactor}, so Spring's proxy
 * calls the function directly.
 *
 * @author Async Telemetry team
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class CoroutineBenchmark {

	@Benchmark
	public Object immediateBare(Bare state) {
		return state.immediate();
	}

	@Benchmark
	public Object immediateUntraced(Untraced state) {
		return state.immediate();
	}

	@Benchmark
	public Object immediateTraced(Traced state) {
		return state.immediate();
	}

	@Benchmark
	public Object suspendedBare(Bare state) {
		return state.suspended();
	}

	@Benchmark
	public Object suspendedUntraced(Untraced state) {
		return state.suspended();
	}

	@Benchmark
	public Object suspendedTraced(Traced state) {
		return state.suspended();
	}

	/**
	 * A bean of the application's own package with two suspend functions.
	 */
	public static class ShippingQuotes {

		/**
		 * {@code suspend fun quote(value: Int): Int = value}.
		 * @param value the value
		 * @param continuation the caller's continuation
		 * @return the value
		 */
		public Object quote(Integer value, Continuation<? super Integer> continuation) {
			return value;
		}

		/**
		 * A suspend function that suspends, is resumed with the value (as if from another
		 * thread, before it returns) and returns {@code COROUTINE_SUSPENDED}.
		 * @param value the value
		 * @param continuation the caller's continuation
		 * @return {@code COROUTINE_SUSPENDED}
		 */
		public Object quoteLater(Integer value, Continuation<? super Integer> continuation) {
			continuation.resumeWith(value);
			return IntrinsicsKt.getCOROUTINE_SUSPENDED();
		}

	}

	/**
	 * The caller's continuation of a benchmark thread: keeps the result it is resumed
	 * with.
	 */
	static final class Caller implements Continuation<Object> {

		@Nullable Object result;

		@Override
		public CoroutineContext getContext() {
			return EmptyCoroutineContext.INSTANCE;
		}

		@Override
		public void resumeWith(Object result) {
			this.result = result;
		}

	}

	/**
	 * The application of a variant.
	 */
	@State(Scope.Thread)
	public abstract static class Variant {

		private static final Integer VALUE = 1;

		private final String[] properties;

		private final Caller caller = new Caller();

		BenchmarkRun run;

		ShippingQuotes quotes;

		Variant(String... properties) {
			this.properties = properties;
		}

		@Setup(Level.Trial)
		public void setUp() {
			this.run = BenchmarkRun.start((context) -> context.registerBean("shippingQuotes", ShippingQuotes.class),
					this.properties);
			this.quotes = this.run.bean(ShippingQuotes.class);
		}

		Object immediate() {
			Object result = this.quotes.quote(VALUE, this.caller);
			if (result != VALUE) {
				throw new IllegalStateException("Not the value: " + result);
			}
			return result;
		}

		Object suspended() {
			this.caller.result = null;
			Object result = this.quotes.quoteLater(VALUE, this.caller);
			if (result != IntrinsicsKt.getCOROUTINE_SUSPENDED() || this.caller.result != VALUE) {
				throw new IllegalStateException("Not suspended and resumed with the value: " + this.caller.result);
			}
			return this.caller.result;
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
			run.expectUnits("coroutine", false, null);
		}

	}

	/**
	 * {@code untraced}: each call is a unit, without a span.
	 */
	@State(Scope.Thread)
	public static class Untraced extends Variant {

		@Override
		void verify(BenchmarkRun run) {
			run.expectUnits("coroutine", true, null);
		}

	}

	/**
	 * {@code traced}: each call is a unit with a span.
	 */
	@State(Scope.Thread)
	public static class Traced extends Variant {

		public Traced() {
			super("otel.instrumentation.async.method-names-to-trace=ShippingQuotes.*");
		}

		@Override
		void verify(BenchmarkRun run) {
			run.expectUnits("coroutine", true, "coroutine ShippingQuotes.");
		}

	}

}
