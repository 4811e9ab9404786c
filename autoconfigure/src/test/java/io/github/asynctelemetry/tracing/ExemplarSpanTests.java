package io.github.asynctelemetry.tracing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.asynctelemetry.task.AsyncTasks;
import io.github.asynctelemetry.testsupport.InMemoryTelemetry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which span is current when each unit kind records its duration: what a meter registry
 * that samples exemplars sees. Spring Boot's Prometheus exemplar sampler reads the span
 * current on the recording thread (Micrometer Tracing's {@code Tracer.currentSpan()})
 * when the timer records; the registry of this test reads it the same way, so a traced
 * unit must record within its own span and an untraced one within the caller's restored
 * context. The worker thread is left clean afterwards.
 *
 * @author Async Telemetry team
 */
@SpringBootTest(classes = ExemplarSpanTests.ExemplarApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "otel.instrumentation.async.method-names-to-trace=Traced.*",
				"otel.instrumentation.async.task-names-to-trace=traced-task",
				"otel.instrumentation.async.future-trace-enabled=true", "management.tracing.sampling.probability=1.0",
				"management.otlp.metrics.export.enabled=false" })
class ExemplarSpanTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	private Tracer tracer;

	@Autowired
	private CurrentSpanMeterRegistry registry;

	@Autowired
	private InMemorySpanExporter spans;

	@Autowired
	private Traced traced;

	@Autowired
	private Untraced untraced;

	@Autowired
	private Quotes quotes;

	@Autowired
	@Qualifier("oneThread")
	private ThreadPoolTaskExecutor oneThread;

	@BeforeEach
	void reset() {
		this.spans.reset();
		this.registry.spanIds.clear();
	}

	@Test
	void tracedAsyncMethodRecordsWithinItsOwnSpan() throws Exception {
		Span caller = inSpan(() -> this.traced.run().get(10, TimeUnit.SECONDS));
		String own = awaitSpan("async Traced.run").getSpanId();
		assertThat(own).isNotEqualTo(caller.context().spanId());
		assertThat(awaitSpanIds("async_method Traced.run finished")).containsExactly(own);
		assertWorkerIsClean();
	}

	@Test
	void tracedAsyncMethodThatThrowsRecordsWithinItsOwnSpan() throws Exception {
		inSpan(() -> this.traced.fail().exceptionally((failure) -> "failed").get(10, TimeUnit.SECONDS));
		assertThat(awaitSpanIds("async_method Traced.fail exception"))
			.containsExactly(awaitSpan("async Traced.fail").getSpanId());
		assertWorkerIsClean();
	}

	@Test
	void tracedAsyncMethodWhoseFutureCompletesLaterRecordsWithinItsOwnSpan() throws Exception {
		CompletableFuture<String> answer = new CompletableFuture<>();
		AtomicReference<CompletableFuture<String>> result = new AtomicReference<>();
		inSpan(() -> result.getAndSet(this.traced.handOff(answer)));
		answer.complete("answered");
		assertThat(result.get().get(10, TimeUnit.SECONDS)).isEqualTo("answered");
		assertThat(awaitSpanIds("async_method Traced.handOff finished"))
			.containsExactly(awaitSpan("async Traced.handOff").getSpanId());
	}

	@Test
	void untracedAsyncMethodRecordsWithinTheCallersSpan() throws Exception {
		Span caller = inSpan(() -> this.untraced.run().get(10, TimeUnit.SECONDS));
		assertThat(awaitSpanIds("async_method Untraced.run finished")).containsExactly(caller.context().spanId());
		Span failingCaller = inSpan(
				() -> this.untraced.fail().exceptionally((failure) -> "failed").get(10, TimeUnit.SECONDS));
		assertThat(awaitSpanIds("async_method Untraced.fail exception"))
			.containsExactly(failingCaller.context().spanId());
		assertWorkerIsClean();
	}

	@Test
	void tracedTaskRecordsWithinItsOwnSpan() throws Exception {
		inSpan(() -> this.oneThread.submit(AsyncTasks.named("traced-task", () -> "done")).get(10, TimeUnit.SECONDS));
		assertThat(awaitSpanIds("task traced-task finished")).containsExactly(awaitSpan("task traced-task").getSpanId());
		assertWorkerIsClean();
	}

	@Test
	void untracedTaskRecordsWithinTheSubmittersSpan() throws Exception {
		Span caller = inSpan(
				() -> this.oneThread.submit(AsyncTasks.named("plain-task", () -> "done")).get(10, TimeUnit.SECONDS));
		assertThat(awaitSpanIds("task plain-task finished")).containsExactly(caller.context().spanId());
		assertWorkerIsClean();
	}

	@Test
	void tracedFutureCompletedElsewhereRecordsWithinItsOwnSpan() throws Exception {
		CompletableFuture<String> answer = new CompletableFuture<>();
		inSpan(() -> this.quotes.quote(answer));
		answer.complete("answered");
		assertThat(awaitSpanIds("future Quotes.quote finished"))
			.containsExactly(awaitSpan("future Quotes.quote").getSpanId());
		assertThat(this.tracer.currentSpan()).isNull();
	}

	/**
	 * Run an action within a new span of the caller.
	 * @return the caller's span
	 */
	private Span inSpan(Callable<?> action) throws Exception {
		Span caller = this.tracer.nextSpan().name("caller").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(caller)) {
			action.call();
		}
		finally {
			caller.end();
		}
		return caller;
	}

	private List<String> awaitSpanIds(String unit) {
		await().atMost(TIMEOUT).until(() -> this.registry.spanIds.containsKey(unit));
		return this.registry.spanIds.get(unit);
	}

	private SpanData awaitSpan(String name) {
		await().atMost(TIMEOUT)
			.until(() -> this.spans.getFinishedSpanItems().stream().anyMatch((span) -> span.getName().equals(name)));
		List<SpanData> found = this.spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.toList();
		assertThat(found).hasSize(1);
		return found.get(0);
	}

	/**
	 * The next task on the one worker thread sees no span: the scopes opened for the
	 * previous unit were closed after it was recorded.
	 */
	private void assertWorkerIsClean() throws Exception {
		assertThat(this.oneThread.submit(() -> String.valueOf(this.tracer.currentSpan())).get(10, TimeUnit.SECONDS))
			.isEqualTo("null");
	}

	/**
	 * A simple registry whose timers note, for each duration they record, the span
	 * current on the recording thread, as Spring Boot's Prometheus exemplar sampler reads
	 * it.
	 */
	static final class CurrentSpanMeterRegistry extends SimpleMeterRegistry {

		private final ObjectProvider<Tracer> tracer;

		final Map<String, List<String>> spanIds = new ConcurrentHashMap<>();

		CurrentSpanMeterRegistry(ObjectProvider<Tracer> tracer) {
			this.tracer = tracer;
		}

		@Override
		protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
			String unit = id.getTag("type") + " " + id.getTag("name") + " " + id.getTag("state");
			return new CumulativeTimer(id, this.clock, config, pauseDetector, getBaseTimeUnit(), false) {

				@Override
				protected void recordNonNegative(long amount, TimeUnit timeUnit) {
					Span current = CurrentSpanMeterRegistry.this.tracer.getObject().currentSpan();
					CurrentSpanMeterRegistry.this.spanIds.computeIfAbsent(unit, (key) -> new CopyOnWriteArrayList<>())
						.add((current != null) ? current.context().spanId() : "none");
					super.recordNonNegative(amount, timeUnit);
				}

			};
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@Import({ InMemoryTelemetry.class, Traced.class, Untraced.class, Quotes.class })
	static class ExemplarApplication {

		@Bean
		CurrentSpanMeterRegistry currentSpanMeterRegistry(ObjectProvider<Tracer> tracer) {
			return new CurrentSpanMeterRegistry(tracer);
		}

		@Bean
		ThreadPoolTaskExecutor oneThread(ThreadPoolTaskExecutorBuilder builder) {
			ThreadPoolTaskExecutor executor = builder.build();
			executor.setCorePoolSize(1);
			executor.setMaxPoolSize(1);
			executor.setThreadNamePrefix("one-");
			return executor;
		}

	}

	@Async("oneThread")
	static class Traced {

		public CompletableFuture<String> run() {
			return CompletableFuture.completedFuture("done");
		}

		public CompletableFuture<String> fail() {
			throw new IllegalStateException("failed");
		}

		public CompletableFuture<String> handOff(CompletableFuture<String> answer) {
			return answer;
		}

	}

	@Async("oneThread")
	static class Untraced {

		public CompletableFuture<String> run() {
			return CompletableFuture.completedFuture("done");
		}

		public CompletableFuture<String> fail() {
			throw new IllegalStateException("failed");
		}

	}

	static class Quotes {

		public CompletableFuture<String> quote(CompletableFuture<String> answer) {
			return answer;
		}

	}

}
