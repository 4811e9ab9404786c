package io.github.asynctelemetry.benchmarks;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * One benchmark variant's running application, with the caller's context open on the
 * benchmark thread: an observation, as a web request would have, so that its span is
 * the parent of the spans made, its trace id is in the MDC, and context propagation has
 * something real to carry. After the run, the variant checks through this class that
 * the telemetry it claims to measure was made (and none where it claims there is none),
 * so that a mis-wired variant fails instead of reporting a flattering number.
 *
 * @author Async Telemetry team
 */
public final class BenchmarkRun implements AutoCloseable {

	private static final String COUNT_METER = "asyncio.process.count";

	private final ConfigurableApplicationContext context;

	private final @Nullable Caller caller;

	private BenchmarkRun(ConfigurableApplicationContext context, boolean openCaller) {
		this.context = context;
		this.caller = (openCaller) ? openCaller() : null;
	}

	/**
	 * Start the application of a variant and open the caller's observation on the
	 * calling thread, which must be the benchmark thread.
	 * @param beans registers the variant's own beans
	 * @param properties the variant's properties
	 * @return the run
	 */
	public static BenchmarkRun start(Consumer<GenericApplicationContext> beans, String... properties) {
		return new BenchmarkRun(BenchmarkApplication.run(beans, properties), true);
	}

	/**
	 * Start the application of a variant that several benchmark threads share. No
	 * caller's context is opened here: each benchmark thread opens its own with
	 * {@link #openCaller()}, as each request thread of an application has its own.
	 * @param beans registers the variant's own beans
	 * @param properties the variant's properties
	 * @return the run
	 */
	public static BenchmarkRun startShared(Consumer<GenericApplicationContext> beans, String... properties) {
		return new BenchmarkRun(BenchmarkApplication.run(beans, properties), false);
	}

	/**
	 * Open a caller's observation on the calling thread, for a run that benchmark
	 * threads share ({@link #startShared}). Close it on the same thread.
	 * @return the caller's observation, open on this thread
	 */
	public Caller openCaller() {
		return new Caller(Observation.start("benchmark.caller", this.context.getBean(ObservationRegistry.class)));
	}

	/**
	 * Return a bean of the application.
	 * @param <T> the bean type
	 * @param type the bean type
	 * @return the bean
	 */
	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * Return a bean of the application by name.
	 * @param <T> the bean type
	 * @param name the bean name
	 * @param type the bean type
	 * @return the bean
	 */
	public <T> T bean(String name, Class<T> type) {
		return this.context.getBean(name, type);
	}

	/**
	 * Return how many units of a type the starter counted.
	 * @param type the {@code type} tag, for example {@code async_method}
	 * @return the sum of {@code asyncio.process.count} over names and states
	 */
	public long units(String type) {
		return (long) this.context.getBean(MeterRegistry.class)
			.find(COUNT_METER)
			.tag("type", type)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	/**
	 * Return how many samples a timer recorded, over all its tags.
	 * @param name the timer name
	 * @return the number of samples
	 */
	public long timerCount(String name) {
		return this.context.getBean(MeterRegistry.class)
			.find(name)
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	/**
	 * Flush the span pipeline and return the names of the spans exported so far.
	 * @return the span names
	 */
	public Set<String> spanNames() {
		this.context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
		return this.context.getBean(DiscardingSpanExporter.class).getNames();
	}

	/**
	 * Fail the run unless the condition holds.
	 * @param condition what the variant claims
	 * @param claim the claim, for the failure message
	 */
	public void expect(boolean condition, String claim) {
		if (!condition) {
			throw new IllegalStateException("Benchmark variant is mis-wired: expected " + claim + "; asyncio units "
					+ "async_method=" + units("async_method") + ", task=" + units("task") + ", future="
					+ units("future") + ", coroutine=" + units("coroutine") + "; spans " + spanNames());
		}
	}

	/**
	 * Fail the run unless its units of the given type are what a variant of a
	 * future-returning method or a suspend function claims: none with the starter
	 * disabled; units and no span untraced; units and a span whose name starts with the
	 * given prefix traced.
	 * @param type the unit type, {@code future} or {@code coroutine}
	 * @param starter whether the starter is enabled
	 * @param spanPrefix the start of the name of the variant's spans, or {@code null}
	 * when it is untraced
	 */
	public void expectUnits(String type, boolean starter, @Nullable String spanPrefix) {
		if (!starter) {
			expect(units(type) == 0, "no " + type + " unit");
			return;
		}
		expect(units(type) > 0, type + " units");
		if (spanPrefix == null) {
			expect(spanNames().isEmpty(), "no span");
		}
		else {
			expect(spanNames().stream().anyMatch((name) -> name.startsWith(spanPrefix)), "spans '" + spanPrefix + "*'");
		}
	}

	/**
	 * Check what a variant claims, then close the application, whatever the check found.
	 * @param verification the variant's checks
	 */
	public void verifyAndClose(Consumer<BenchmarkRun> verification) {
		try {
			verification.accept(this);
		}
		finally {
			close();
		}
	}

	@Override
	public void close() {
		try {
			if (this.caller != null) {
				this.caller.close();
			}
		}
		finally {
			this.context.close();
		}
	}

	/**
	 * A caller's observation, started and its scope open on one thread.
	 */
	public static final class Caller implements AutoCloseable {

		private final Observation observation;

		private final Observation.Scope scope;

		private Caller(Observation observation) {
			this.observation = observation;
			this.scope = observation.openScope();
		}

		/**
		 * Return the caller's observation.
		 * @return the observation
		 */
		public Observation observation() {
			return this.observation;
		}

		/**
		 * Close the scope and stop the observation, on the thread that opened it.
		 */
		@Override
		public void close() {
			this.scope.close();
			this.observation.stop();
		}

	}

}
