package io.github.asynctelemetry.method;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.asynctelemetry.testsupport.InMemoryTelemetry;
import io.github.asynctelemetry.testsupport.UnitCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * End-to-end tests of the {@code async_method} unit in a Spring Boot application with
 * Spring Boot's own OpenTelemetry set-up: the scenarios of the Python original's test
 * suite, ported to {@code @Async}.
 *
 * @author Async Telemetry team
 */
@SpringBootTest(classes = AsyncMethodTelemetryIntegrationTests.TestApplication.class,
		properties = { "otel.instrumentation.async.method-names-to-trace=Greeter.*,SlowWorker.work,ClassLevelAsync.run",
				"management.tracing.sampling.probability=1.0", "management.otlp.metrics.export.enabled=false",
				"management.tracing.export.enabled=true" })
class AsyncMethodTelemetryIntegrationTests {

	private static final AttributeKey<String> STATE = AttributeKey.stringKey("asyncio.state");

	@Autowired
	private Tracer tracer;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private InMemorySpanExporter spans;

	@Autowired
	private Greeter greeter;

	@Autowired
	private Untraced untraced;

	@Autowired
	private SlowWorker slowWorker;

	@Autowired
	private ClassLevelAsync classLevelAsync;

	@Autowired
	private HandlerRecorder handlerRecorder;

	@Autowired
	private SingleThreadWorker singleThreadWorker;

	private UnitCounts counts;

	@BeforeEach
	void reset() {
		this.spans.reset();
		this.counts = UnitCounts.since(this.registry);
	}

	@Test
	void createTaskGivesChildSpanOfCallerAndMeters() throws Exception {
		Span parent = this.tracer.nextSpan().name("parent").start();
		CompletableFuture<String> result;
		try (Tracer.SpanInScope scope = this.tracer.withSpan(parent)) {
			result = this.greeter.greet("ada");
		}
		finally {
			parent.end();
		}
		assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("hello ada");
		SpanData span = awaitSpan("async Greeter.greet");
		assertThat(span.getParentSpanId()).isEqualTo(parent.context().spanId());
		assertThat(span.getTraceId()).isEqualTo(parent.context().traceId());
		assertThat(span.getAttributes().get(AttributeKey.stringKey("asyncio.type"))).isEqualTo("async_method");
		assertThat(span.getAttributes().get(AttributeKey.stringKey("asyncio.name"))).isEqualTo("Greeter.greet");
		assertThat(span.getAttributes().get(STATE)).isEqualTo("finished");
		assertThat(span.getAttributes().get(AttributeKey.doubleKey("asyncio.queue_wait"))).isNotNull()
			.isGreaterThanOrEqualTo(0.0);
		assertThat(count("async_method", "Greeter.greet", "finished")).isEqualTo(1);
		awaitCount("future", "Greeter.greet", "finished", 1);
	}

	@Test
	void gatherOfThreeCallsGivesThreeSiblingSpans() throws Exception {
		Span parent = this.tracer.nextSpan().name("parent").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(parent)) {
			CompletableFuture.allOf(this.greeter.greet("a"), this.greeter.greet("b"), this.greeter.greet("c"))
				.get(5, TimeUnit.SECONDS);
		}
		finally {
			parent.end();
		}
		List<SpanData> asyncSpans = awaitSpans("async Greeter.greet", 3);
		assertThat(asyncSpans).allSatisfy((span) -> {
			assertThat(span.getParentSpanId()).isEqualTo(parent.context().spanId());
			assertThat(span.getTraceId()).isEqualTo(parent.context().traceId());
		});
		assertThat(asyncSpans).extracting(SpanData::getSpanId).doesNotHaveDuplicates();
		assertThat(count("async_method", "Greeter.greet", "finished")).isEqualTo(3);
	}

	@Test
	void waitForWithTimeoutRecordsTheFutureAsTimeoutAndTheMethodWhenItEnds() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> result = this.slowWorker.waitFor(release);
		CompletableFuture<String> timed = result.orTimeout(10, TimeUnit.MILLISECONDS);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> timed.get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(TimeoutException.class);
		awaitCount("future", "SlowWorker.waitFor", "timeout", 1);
		release.countDown();
		awaitCount("async_method", "SlowWorker.waitFor", "finished", 1);
	}

	@Test
	void cancellationByTheCallerAfterTheStartReachesTheReturnedFuture() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> result = this.singleThreadWorker.block(started, release);
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(result.cancel(true)).isTrue();
		assertThat(result.isCancelled()).isTrue();
		assertThat(count("future", "SingleThreadWorker.block", "cancelled")).isEqualTo(1);
		release.countDown();
		awaitCount("async_method", "SingleThreadWorker.block", "finished", 1);
		assertThat(count("async_method", "SingleThreadWorker.block", "cancelled")).isZero();
	}

	@Test
	void cancellationBeforeTheStartRecordsTheCallAsCancelledOnce() throws Exception {
		int runsBefore = SingleThreadWorker.quickRuns.get();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> blocker = this.singleThreadWorker.block(started, release);
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<String> queued = this.singleThreadWorker.quick();
		assertThat(queued.cancel(true)).isTrue();
		assertThat(count("async_method", "SingleThreadWorker.quick", "cancelled")).isEqualTo(1);
		assertThat(count("future", "SingleThreadWorker.quick", "cancelled")).isEqualTo(1);
		release.countDown();
		assertThat(blocker.get(5, TimeUnit.SECONDS)).isEqualTo("released");
		assertThat(this.singleThreadWorker.quick().get(5, TimeUnit.SECONDS)).isEqualTo("quick");
		awaitCount("async_method", "SingleThreadWorker.quick", "finished", 1);
		assertThat(count("async_method", "SingleThreadWorker.quick", "cancelled")).isEqualTo(1);
		assertThat(SingleThreadWorker.quickRuns.get() - runsBefore).isEqualTo(1);
	}

	@Test
	void methodReturningACancelledFutureIsCancelled() {
		CompletableFuture<String> result = this.slowWorker.cancelled();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(CancellationException.class);
		awaitCount("async_method", "SlowWorker.cancelled", "cancelled", 1);
	}

	@Test
	void exceptionGivesErrorSpanWithEventAndTheSameExceptionToTheCaller() {
		IllegalStateException failure = new IllegalStateException("boom");
		CompletableFuture<String> result = this.greeter.fail(failure);
		assertThatExceptionOfType(CompletionException.class).isThrownBy(result::join)
			.satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failure));
		SpanData span = awaitSpan("async Greeter.fail");
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getEvents()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("exception"));
		assertThat(span.getAttributes().get(STATE)).isEqualTo("exception");
		awaitCount("async_method", "Greeter.fail", "exception", 1);
		awaitCount("future", "Greeter.fail", "exception", 1);
	}

	@Test
	void untracedCallGetsMetersButNoSpan() throws Exception {
		this.untraced.run().get(5, TimeUnit.SECONDS);
		awaitCount("async_method", "Untraced.run", "finished", 1);
		assertThat(this.spans.getFinishedSpanItems()).noneSatisfy(
				(span) -> assertThat(span.getName()).contains("Untraced"));
	}

	@Test
	void twentyCallsGiveExactlyTwenty() {
		CompletableFuture<?>[] calls = new CompletableFuture<?>[20];
		for (int i = 0; i < calls.length; i++) {
			calls[i] = this.untraced.run();
		}
		CompletableFuture.allOf(calls).join();
		awaitCount("async_method", "Untraced.run", "finished", 20);
		awaitCount("future", "Untraced.run", "finished", 20);
		Timer timer = this.registry.find("asyncio.process.duration")
			.tags("type", "async_method", "name", "Untraced.run", "state", "finished")
			.timer();
		assertThat(timer).isNotNull();
		assertThat(timer.count()).isEqualTo(total("async_method", "Untraced.run", "finished"));
	}

	@Test
	void durationCoversTheBody() throws Exception {
		this.slowWorker.work(100).get(5, TimeUnit.SECONDS);
		awaitCount("async_method", "SlowWorker.work", "finished", 1);
		Timer timer = this.registry.find("asyncio.process.duration")
			.tags("type", "async_method", "name", "SlowWorker.work", "state", "finished")
			.timer();
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(100);
		SpanData span = awaitSpan("async SlowWorker.work");
		assertThat(span.getEndEpochNanos() - span.getStartEpochNanos())
			.isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
	}

	@Test
	void callerTraceIdIsInTheMdcOfAnUntracedMethod() throws Exception {
		Span parent = this.tracer.nextSpan().name("parent").start();
		CompletableFuture<Map<String, String>> mdc;
		try (Tracer.SpanInScope scope = this.tracer.withSpan(parent)) {
			mdc = this.untraced.mdc();
		}
		finally {
			parent.end();
		}
		assertThat(mdc.get(5, TimeUnit.SECONDS)).containsEntry("traceId", parent.context().traceId());
	}

	@Test
	void voidMethodExceptionReachesTheUncaughtExceptionHandler() {
		IllegalArgumentException failure = new IllegalArgumentException("void failure");
		this.untraced.fireAndFail(failure);
		awaitCount("async_method", "Untraced.fireAndFail", "exception", 1);
		assertThat(this.handlerRecorder.await()).isSameAs(failure);
	}

	@Test
	void classLevelAsyncOnUserExecutorIsTracedAndRunsOnThatExecutor() throws Exception {
		Span parent = this.tracer.nextSpan().name("parent").start();
		CompletableFuture<String> thread;
		try (Tracer.SpanInScope scope = this.tracer.withSpan(parent)) {
			thread = this.classLevelAsync.run();
		}
		finally {
			parent.end();
		}
		assertThat(thread.get(5, TimeUnit.SECONDS)).startsWith("custom-");
		SpanData span = awaitSpan("async ClassLevelAsync.run");
		assertThat(span.getParentSpanId()).isEqualTo(parent.context().spanId());
		assertThat(count("async_method", "ClassLevelAsync.run", "finished")).isEqualTo(1);
	}

	@Test
	void spansAndLogsInsideTheBodyAreChildrenOfTheAsyncSpan() throws Exception {
		String[] ids = this.greeter.inner().get(5, TimeUnit.SECONDS);
		SpanData async = awaitSpan("async Greeter.inner");
		SpanData inner = awaitSpan("inner");
		assertThat(inner.getParentSpanId()).isEqualTo(async.getSpanId());
		assertThat(ids[0]).isEqualTo(async.getTraceId());
		assertThat(ids[1]).isEqualTo(async.getSpanId());
	}

	@Test
	void workerThreadIsCleanAfterTheCall() throws Exception {
		Span parent = this.tracer.nextSpan().name("parent").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(parent)) {
			this.classLevelAsync.run().get(5, TimeUnit.SECONDS);
		}
		finally {
			parent.end();
		}
		assertThat(this.classLevelAsync.current().get(5, TimeUnit.SECONDS)).isEqualTo("none");
	}

	private SpanData awaitSpan(String name) {
		return awaitSpans(name, 1).get(0);
	}

	private List<SpanData> awaitSpans(String name, int count) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			List<SpanData> found = this.spans.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getName().equals(name))
				.toList();
			if (found.size() >= count) {
				assertThat(found).hasSize(count);
				return found;
			}
			Thread.onSpinWait();
		}
		throw new AssertionError("Expected " + count + " spans named '" + name + "' but got "
				+ this.spans.getFinishedSpanItems().stream().map(SpanData::getName).toList());
	}

	private void awaitCount(String type, String name, String state, long expected) {
		this.counts.awaitCount(type, name, state, expected);
	}

	private long count(String type, String name, String state) {
		return this.counts.count(type, name, state);
	}

	private long total(String type, String name, String state) {
		Counter counter = this.registry.find("asyncio.process.count")
			.tags("type", type, "name", name, "state", state)
			.counter();
		return (counter != null) ? (long) counter.count() : 0;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@Import({ InMemoryTelemetry.class, Greeter.class, Untraced.class, SlowWorker.class, ClassLevelAsync.class, SingleThreadWorker.class })
	static class TestApplication implements AsyncConfigurer {

		private final HandlerRecorder handlerRecorder = new HandlerRecorder();

		@Bean
		HandlerRecorder handlerRecorder() {
			return this.handlerRecorder;
		}

		@Bean
		ThreadPoolTaskExecutor customExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setThreadNamePrefix("custom-");
			return executor;
		}

		@Override
		public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
			return this.handlerRecorder;
		}

	}

	static class HandlerRecorder implements AsyncUncaughtExceptionHandler {

		private final AtomicReference<Throwable> failure = new AtomicReference<>();

		private final CountDownLatch handled = new CountDownLatch(1);

		@Override
		public void handleUncaughtException(Throwable ex, java.lang.reflect.Method method, Object... params) {
			this.failure.set(ex);
			this.handled.countDown();
		}

		Throwable await() {
			try {
				assertThat(this.handled.await(5, TimeUnit.SECONDS)).isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return this.failure.get();
		}

	}

	static class Greeter {

		private final Tracer tracer;

		Greeter(Tracer tracer) {
			this.tracer = tracer;
		}

		@Async
		public CompletableFuture<String> greet(String name) {
			return CompletableFuture.completedFuture("hello " + name);
		}

		@Async
		public CompletableFuture<String> fail(RuntimeException failure) {
			throw failure;
		}

		@Async
		public CompletableFuture<String[]> inner() {
			Span inner = this.tracer.nextSpan().name("inner").start();
			try (Tracer.SpanInScope scope = this.tracer.withSpan(inner)) {
				return CompletableFuture.completedFuture(new String[] { MDC.get("traceId"), inner.context().parentId() });
			}
			finally {
				inner.end();
			}
		}

	}

	static class Untraced {

		@Async
		public CompletableFuture<Void> run() {
			return CompletableFuture.completedFuture(null);
		}

		@Async
		public CompletableFuture<Map<String, String>> mdc() {
			Map<String, String> copy = MDC.getCopyOfContextMap();
			return CompletableFuture.completedFuture((copy != null) ? copy : Map.of());
		}

		@Async
		public void fireAndFail(RuntimeException failure) {
			throw failure;
		}

	}

	static class SlowWorker {

		@Async
		public CompletableFuture<String> waitFor(CountDownLatch release) {
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return CompletableFuture.completedFuture("released");
		}

		@Async
		public CompletableFuture<String> cancelled() {
			CompletableFuture<String> future = new CompletableFuture<>();
			future.cancel(false);
			return future;
		}

		@Async
		public CompletableFuture<Void> work(long millis) throws InterruptedException {
			Thread.sleep(millis);
			return CompletableFuture.completedFuture(null);
		}

	}

	@Async("customExecutor")
	static class SingleThreadWorker {

		static final AtomicInteger quickRuns = new AtomicInteger();

		public CompletableFuture<String> block(CountDownLatch started, CountDownLatch release) {
			started.countDown();
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return CompletableFuture.completedFuture("released");
		}

		public CompletableFuture<String> quick() {
			quickRuns.incrementAndGet();
			return CompletableFuture.completedFuture("quick");
		}

	}

	@Async("customExecutor")
	static class ClassLevelAsync {

		private final Tracer tracer;

		ClassLevelAsync(Tracer tracer) {
			this.tracer = tracer;
		}

		public CompletableFuture<String> run() {
			return CompletableFuture.completedFuture(Thread.currentThread().getName());
		}

		public CompletableFuture<String> current() {
			Span current = this.tracer.currentSpan();
			String mdc = MDC.get("traceId");
			return CompletableFuture.completedFuture((current == null && mdc == null) ? "none" : current + "/" + mdc);
		}

	}

}
