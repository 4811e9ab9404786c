package io.github.asynctelemetry.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.asynctelemetry.task.AsyncTasks;
import io.github.asynctelemetry.testsupport.InMemoryTelemetry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Nothing sensitive is recorded: a sentinel passed as an argument to, and returned as a
 * value from, traced {@code @Async} methods, executor tasks and futures never appears in
 * any span name, attribute, event or status, nor in any meter name, tag or description.
 * An exception's message is the one exception: OpenTelemetry records it, by design of
 * its exception event ({@code exception.message}, {@code exception.stacktrace}) and as
 * the error status description, and nowhere else.
 *
 * @author Async Telemetry team
 */
@SpringBootTest(classes = SensitiveDataTests.SentinelApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "otel.instrumentation.async.method-names-to-trace=*",
				"otel.instrumentation.async.task-names-to-trace=*",
				"otel.instrumentation.async.future-trace-enabled=true", "management.tracing.sampling.probability=1.0",
				"management.otlp.metrics.export.enabled=false" })
class SensitiveDataTests {

	@Autowired
	private InMemorySpanExporter spans;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private SentinelService service;

	@Autowired
	private SentinelQuotes quotes;

	@Autowired
	@Qualifier("sentinelExecutor")
	private ThreadPoolTaskExecutor executor;

	@BeforeEach
	void reset() {
		this.spans.reset();
	}

	@Test
	void argumentsAndReturnValuesNeverAppearInSpansOrMeters() throws Exception {
		String sentinel = sentinel();
		assertThat(this.service.echo(sentinel).get(10, TimeUnit.SECONDS)).isEqualTo(sentinel);
		CountDownLatch fired = new CountDownLatch(3);
		this.service.fire(sentinel, fired);
		assertThat(this.executor.submit(() -> sentinel).get(10, TimeUnit.SECONDS)).isEqualTo(sentinel);
		assertThat(this.executor.submit(AsyncTasks.named("sentinel-task", () -> sentinel)).get(10, TimeUnit.SECONDS))
			.isEqualTo(sentinel);
		this.executor.execute(new SentinelTask(sentinel, fired));
		this.executor.execute(AsyncTasks.named("sentinel-task", () -> {
			assertThat(sentinel).startsWith("sentinel-");
			fired.countDown();
		}));
		assertThat(CompletableFuture.supplyAsync(() -> sentinel, this.executor).get(10, TimeUnit.SECONDS))
			.isEqualTo(sentinel);
		assertThat(this.quotes.quote(sentinel).get(10, TimeUnit.SECONDS)).isEqualTo(sentinel);
		CompletableFuture<String> pending = this.quotes.pending(sentinel);
		pending.complete(sentinel);
		assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
		quiesce();
		List<SpanData> finished = this.spans.getFinishedSpanItems();
		assertThat(finished).extracting(SpanData::getName)
			.contains("async SentinelService.echo", "async SentinelService.fire", "future SentinelService.echo",
					"task SensitiveDataTests.argumentsAndReturnValuesNeverAppearInSpansOrMeters",
					"task sentinel-task", "task SentinelTask", "future SentinelQuotes.quote",
					"future SentinelQuotes.pending");
		for (SpanData span : finished) {
			assertThat(everythingIn(span)).as("span %s", span.getName()).doesNotContain(sentinel);
		}
		assertMetersDoNotContain(sentinel);
	}

	@Test
	void exceptionMessagesAppearOnlyInTheExceptionEventAndStatusOfTheFailedSpan() throws Exception {
		String sentinel = sentinel();
		IllegalStateException failure = new IllegalStateException(sentinel);
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> this.service.fail(failure).get(10, TimeUnit.SECONDS))
			.satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failure));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> this.executor.submit(AsyncTasks.named("failing-task", () -> {
				throw failure;
			})).get(10, TimeUnit.SECONDS))
			.satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failure));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> this.quotes.failed(failure).get(10, TimeUnit.SECONDS))
			.satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failure));
		quiesce();
		List<SpanData> failed = this.spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getStatus().getStatusCode() == StatusCode.ERROR)
			.toList();
		assertThat(failed).extracting(SpanData::getName)
			.containsExactlyInAnyOrder("async SentinelService.fail", "future SentinelService.fail", "task failing-task",
					"future SentinelQuotes.failed");
		for (SpanData span : failed) {
			assertThat(span.getName() + span.getAttributes() + span.getLinks()).doesNotContain(sentinel);
			assertThat(span.getStatus().getDescription()).isEqualTo(sentinel);
			assertThat(span.getEvents()).singleElement().satisfies((event) -> {
				assertThat(event.getName()).isEqualTo("exception");
				assertThat(event.getAttributes().asMap()).hasEntrySatisfying(
						AttributeKey.stringKey("exception.message"),
						(message) -> assertThat(message).isEqualTo(sentinel));
			});
		}
		assertMetersDoNotContain(sentinel);
	}

	private void assertMetersDoNotContain(String sentinel) {
		List<String> meters = new ArrayList<>();
		for (Meter meter : this.registry.getMeters()) {
			Meter.Id id = meter.getId();
			StringBuilder text = new StringBuilder(id.getName()).append(' ')
				.append(id.getDescription())
				.append(' ')
				.append(id.getBaseUnit());
			for (Tag tag : id.getTags()) {
				text.append(' ').append(tag.getKey()).append('=').append(tag.getValue());
			}
			meters.add(text.toString());
		}
		assertThat(meters).anySatisfy((meter) -> assertThat(meter).startsWith("asyncio.process.count"));
		assertThat(meters).noneSatisfy((meter) -> assertThat(meter).contains(sentinel));
	}

	private static String everythingIn(SpanData span) {
		StringBuilder text = new StringBuilder(span.getName()).append(' ')
			.append(span.getAttributes())
			.append(' ')
			.append(span.getStatus())
			.append(' ')
			.append(span.getLinks());
		for (EventData event : span.getEvents()) {
			text.append(' ').append(event.getName()).append(' ').append(event.getAttributes());
		}
		return text.toString();
	}

	private void quiesce() throws Exception {
		WorkerProbe.probe(this.executor.getThreadPoolExecutor(), () -> null);
	}

	private static String sentinel() {
		return "sentinel-" + UUID.randomUUID();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@Import({ InMemoryTelemetry.class, SentinelService.class, SentinelQuotes.class })
	static class SentinelApplication {

		@Bean
		ThreadPoolTaskExecutor sentinelExecutor(ThreadPoolTaskExecutorBuilder builder) {
			ThreadPoolTaskExecutor executor = builder.build();
			executor.setCorePoolSize(2);
			executor.setMaxPoolSize(2);
			executor.setThreadNamePrefix("sentinel-");
			return executor;
		}

	}

	static class SentinelService {

		@Async("sentinelExecutor")
		public CompletableFuture<String> echo(String value) {
			return CompletableFuture.completedFuture(value);
		}

		@Async("sentinelExecutor")
		public void fire(String value, CountDownLatch fired) {
			assertThat(value).startsWith("sentinel-");
			fired.countDown();
		}

		@Async("sentinelExecutor")
		public CompletableFuture<String> fail(RuntimeException failure) {
			throw failure;
		}

	}

	static class SentinelQuotes {

		public CompletableFuture<String> quote(String value) {
			return CompletableFuture.completedFuture(value);
		}

		public CompletableFuture<String> pending(String value) {
			assertThat(value).startsWith("sentinel-");
			return new CompletableFuture<>();
		}

		public CompletableFuture<String> failed(RuntimeException failure) {
			return CompletableFuture.failedFuture(failure);
		}

	}

	/**
	 * A user-written task class holding the sentinel, whose {@code toString()} shows it.
	 */
	static class SentinelTask implements Runnable {

		private final String value;

		private final CountDownLatch done;

		SentinelTask(String value, CountDownLatch done) {
			this.value = value;
			this.done = done;
		}

		@Override
		public void run() {
			this.done.countDown();
		}

		@Override
		public String toString() {
			return "SentinelTask " + this.value;
		}

	}

}
