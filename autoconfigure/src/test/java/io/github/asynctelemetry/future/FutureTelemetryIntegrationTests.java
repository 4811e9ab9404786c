package io.github.asynctelemetry.future;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.asynctelemetry.future.app.FinalQuoteService;
import io.github.asynctelemetry.future.app.FutureTestApplication;
import io.github.asynctelemetry.future.app.PriceService;
import io.github.asynctelemetry.testsupport.UnitCounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * End-to-end tests of the {@code future} unit in a Spring Boot application with Spring
 * Boot's own OpenTelemetry set-up.
 *
 * @author Async Telemetry team
 */
class FutureTelemetryIntegrationTests {

	abstract static class FutureScenarios {

		@Autowired
		Tracer tracer;

		@Autowired
		MeterRegistry registry;

		@Autowired
		InMemorySpanExporter spans;

		@Autowired
		PriceService prices;

		@Autowired
		FinalQuoteService finalQuotes;

		private UnitCounts counts;

		@BeforeEach
		void reset() {
			this.spans.reset();
			this.counts = UnitCounts.since(this.registry);
		}

		long count(String name, String state) {
			return this.counts.count("future", name, state);
		}

		void awaitCount(String name, String state, long expected) {
			this.counts.awaitCount("future", name, state, expected);
		}

		List<SpanData> futureSpans() {
			return this.spans.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getName().startsWith("future "))
				.toList();
		}

	}

	@Nested
	@SpringBootTest(classes = FutureTestApplication.class,
			properties = { "management.tracing.sampling.probability=1.0",
					"management.otlp.metrics.export.enabled=false" })
	class WithoutTheFlag extends FutureScenarios {

		@Test
		void everyFutureGetsMetersAndNoSpan() {
			CompletableFuture<String> future = this.prices.quote("tea");
			assertThat(count("PriceService.quote", "finished")).isZero();
			future.complete("1.20");
			assertThat(count("PriceService.quote", "finished")).isEqualTo(1);
			assertThat(futureSpans()).isEmpty();
		}

		@Test
		void theCallerGetsTheMethodsOwnFuture() {
			CompletableFuture<String> future = this.prices.quote("tea");
			assertThat(future).isSameAs(this.prices.lastFuture());
			future.complete("1.20");
			assertThat(count("PriceService.quote", "finished")).isEqualTo(1);
			assertThat(count("PriceService.lastFuture", "finished")).isZero();
		}

		@Test
		void completionStageReturnsAreMeasuredToo() {
			CompletionStage<String> stage = this.prices.stage("tea");
			stage.toCompletableFuture().complete("1.20");
			assertThat(count("PriceService.stage", "finished")).isEqualTo(1);
		}

		@Test
		void orTimeoutAppliedByTheCallerIsATimeout() {
			CompletableFuture<String> future = this.prices.quote("slow").orTimeout(10, TimeUnit.MILLISECONDS);
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS))
				.withCauseInstanceOf(TimeoutException.class);
			awaitCount("PriceService.quote", "timeout", 1);
		}

		@Test
		void cancellationByTheCallerReachesTheMethodsFuture() {
			CompletableFuture<String> future = this.prices.quote("cancelled");
			assertThat(future.cancel(true)).isTrue();
			assertThat(this.prices.lastFuture().isCancelled()).isTrue();
			assertThatExceptionOfType(CancellationException.class).isThrownBy(this.prices.lastFuture()::join);
			assertThat(count("PriceService.quote", "cancelled")).isEqualTo(1);
		}

		@Test
		void exceptionalCompletionKeepsTheSameException() {
			IllegalStateException failure = new IllegalStateException("supplier down");
			CompletableFuture<String> future = this.prices.quote("broken");
			future.completeExceptionally(failure);
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS))
				.satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failure));
			assertThat(count("PriceService.quote", "exception")).isEqualTo(1);
		}

		@Test
		void durationRunsFromReturnToCompletion() throws Exception {
			double before = totalMillis();
			CompletableFuture<String> future = this.prices.quote("timed");
			Thread.sleep(50);
			future.complete("done");
			assertThat(count("PriceService.quote", "finished")).isEqualTo(1);
			assertThat(totalMillis() - before).isGreaterThanOrEqualTo(50);
		}

		private double totalMillis() {
			Timer timer = this.registry.find("asyncio.process.duration")
				.tags("type", "future", "name", "PriceService.quote", "state", "finished")
				.timer();
			return (timer != null) ? timer.totalTime(TimeUnit.MILLISECONDS) : 0;
		}

		@Test
		void cachedPendingFutureReturnedManyTimesIsOneUnitWithFewDependents() {
			CompletableFuture<String> cached = null;
			for (int i = 0; i < 10_000; i++) {
				cached = this.prices.cachedQuote();
			}
			assertThat(cached.getNumberOfDependents()).isLessThan(10);
			assertThat(this.prices.cachedFuture()).isSameAs(cached);
			assertThat(cached.getNumberOfDependents()).isLessThan(10);
		}

		@Test
		void finalClassIsSkippedWithoutFailingStartUp() {
			assertThat(AopUtils.isAopProxy(this.finalQuotes)).isFalse();
			assertThat(this.finalQuotes.quote().join()).isEqualTo("final");
			assertThat(count("FinalQuoteService.quote", "finished")).isZero();
		}

		@Test
		void beansOutsideTheApplicationPackagesAreNotProxied() {
			assertThat(AopUtils.isAopProxy(this.prices)).isTrue();
			assertThat(AopUtils.isAopProxy(this.registry)).isFalse();
		}

	}

	@Nested
	@SpringBootTest(classes = FutureTestApplication.class,
			properties = { "otel.instrumentation.async.future-trace-enabled=true",
					"management.tracing.sampling.probability=1.0", "management.otlp.metrics.export.enabled=false" })
	class WithTheFlag extends FutureScenarios {

		@Test
		void spanIsAChildOfTheCallersSpanAndLastsAsLongAsTheWork() throws Exception {
			Span parent = this.tracer.nextSpan().name("parent").start();
			CompletableFuture<String> future;
			try (Tracer.SpanInScope scope = this.tracer.withSpan(parent)) {
				future = this.prices.quote("tea");
			}
			finally {
				parent.end();
			}
			assertThat(futureSpans()).isEmpty();
			Thread.sleep(50);
			future.complete("1.20");
			assertThat(futureSpans()).singleElement().satisfies((span) -> {
				assertThat(span.getName()).isEqualTo("future PriceService.quote");
				assertThat(span.getParentSpanId()).isEqualTo(parent.context().spanId());
				assertThat(span.getTraceId()).isEqualTo(parent.context().traceId());
				assertThat(span.getEndEpochNanos() - span.getStartEpochNanos())
					.isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
			});
			assertThat(count("PriceService.quote", "finished")).isEqualTo(1);
		}

		@Test
		void exceptionalCompletionGivesAnErrorSpan() {
			CompletableFuture<String> future = this.prices.quote("broken");
			future.completeExceptionally(new IllegalStateException("supplier down"));
			assertThat(futureSpans()).singleElement().satisfies((span) -> {
				assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
				assertThat(span.getEvents()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("exception"));
			});
			assertThat(count("PriceService.quote", "exception")).isEqualTo(1);
		}

	}

}
