package io.github.asynctelemetry.reactive;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

import io.github.asynctelemetry.reactive.app.CatalogService;
import io.github.asynctelemetry.reactive.app.ReactiveTestApplication;
import io.github.asynctelemetry.testsupport.UnitCounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of {@code Mono} and {@code Flux} returns as {@code future} units, in a
 * Spring Boot application with Spring Boot's own OpenTelemetry set-up.
 *
 * @author Async Telemetry team
 */
class ReactiveFutureIntegrationTests {

	abstract static class Scenarios {

		@Autowired
		Tracer tracer;

		@Autowired
		MeterRegistry registry;

		@Autowired
		ObservationRegistry observations;

		@Autowired
		InMemorySpanExporter spans;

		@Autowired
		CatalogService catalog;

		private UnitCounts counts;

		@BeforeEach
		void reset() {
			this.spans.reset();
			this.counts = UnitCounts.since(this.registry);
		}

		long count(String name, String state) {
			return this.counts.count("future", name, state);
		}

		long total(String name) {
			return count(name, "finished") + count(name, "exception") + count(name, "cancelled")
					+ count(name, "timeout");
		}

		List<SpanData> futureSpans() {
			return this.spans.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getName().startsWith("future "))
				.toList();
		}

	}

	@Nested
	@SpringBootTest(classes = ReactiveTestApplication.class,
			properties = { "management.tracing.sampling.probability=1.0",
					"management.otlp.metrics.export.enabled=false" })
	class WithoutTheFlag extends Scenarios {

		@Test
		void monoThatCompletesIsFinishedWithItsValueUnchanged() {
			StepVerifier.create(this.catalog.item("tea")).expectNext("item tea").verifyComplete();
			assertThat(count("CatalogService.item", "finished")).isEqualTo(1);
			assertThat(total("CatalogService.item")).isEqualTo(1);
			assertThat(futureSpans()).isEmpty();
		}

		@Test
		void publisherNeverSubscribedIsNoUnit() {
			Mono<String> item = this.catalog.item("tea");
			assertThat(item).isNotNull();
			assertThat(this.catalog.subscriptions()).isZero();
			assertThat(total("CatalogService.item")).isZero();
		}

		@Test
		void publisherSubscribedTwiceIsTwoUnits() {
			int before = this.catalog.subscriptions();
			Mono<String> item = this.catalog.item("tea");
			assertThat(item.block()).isEqualTo("item tea");
			assertThat(item.block()).isEqualTo("item tea");
			assertThat(this.catalog.subscriptions() - before).isEqualTo(2);
			assertThat(count("CatalogService.item", "finished")).isEqualTo(2);
		}

		@Test
		void monoWhoseValueMakesTheSubscriberCancelIsFinished() {
			StepVerifier.create(this.catalog.item("tea").flux().next()).expectNext("item tea").verifyComplete();
			assertThat(count("CatalogService.item", "finished")).isEqualTo(1);
			assertThat(count("CatalogService.item", "cancelled")).isZero();
		}

		@Test
		void errorIsAnExceptionWithTheSameInstance() {
			IllegalStateException failure = new IllegalStateException("catalog down");
			StepVerifier.create(this.catalog.failing(failure))
				.expectErrorSatisfies((ex) -> assertThat(ex).isSameAs(failure))
				.verify(Duration.ofSeconds(5));
			assertThat(count("CatalogService.failing", "exception")).isEqualTo(1);
		}

		@Test
		void disposedSubscriptionIsCancelled() {
			Disposable subscription = this.catalog.never().subscribe();
			assertThat(total("CatalogService.never")).isZero();
			subscription.dispose();
			assertThat(count("CatalogService.never", "cancelled")).isEqualTo(1);
			assertThat(total("CatalogService.never")).isEqualTo(1);
		}

		@Test
		void takeThatStopsAFluxEarlyIsCancelled() {
			StepVerifier.create(this.catalog.numbers(10, new CopyOnWriteArrayList<>()).take(3))
				.expectNext(1, 2, 3)
				.verifyComplete();
			assertThat(count("CatalogService.numbers", "cancelled")).isEqualTo(1);
			assertThat(total("CatalogService.numbers")).isEqualTo(1);
		}

		@Test
		void fluxRunToItsEndIsFinished() {
			StepVerifier.create(this.catalog.numbers(3, new CopyOnWriteArrayList<>()))
				.expectNext(1, 2, 3)
				.verifyComplete();
			assertThat(count("CatalogService.numbers", "finished")).isEqualTo(1);
		}

		@Test
		void timeoutInsideThePublisherIsATimeout() {
			StepVerifier.withVirtualTime(() -> this.catalog.timingOut(Duration.ofSeconds(30)))
				.expectSubscription()
				.thenAwait(Duration.ofSeconds(30))
				.expectError(TimeoutException.class)
				.verify(Duration.ofSeconds(5));
			assertThat(count("CatalogService.timingOut", "timeout")).isEqualTo(1);
		}

		@Test
		void timeoutAppliedByTheSubscriberCancelsTheUnit() {
			StepVerifier.withVirtualTime(() -> this.catalog.never().timeout(Duration.ofSeconds(30)))
				.expectSubscription()
				.thenAwait(Duration.ofSeconds(30))
				.expectError(TimeoutException.class)
				.verify(Duration.ofSeconds(5));
			assertThat(count("CatalogService.never", "cancelled")).isEqualTo(1);
		}

		@Test
		void demandOfTheSubscriberReachesThePublisherUnchanged() {
			List<Long> requests = new CopyOnWriteArrayList<>();
			StepVerifier.create(this.catalog.numbers(10, requests), 0)
				.expectSubscription()
				.expectNoEvent(Duration.ZERO)
				.thenRequest(1)
				.expectNext(1)
				.thenRequest(2)
				.expectNext(2, 3)
				.thenCancel()
				.verify(Duration.ofSeconds(5));
			assertThat(requests).containsExactly(1L, 2L);
			assertThat(count("CatalogService.numbers", "cancelled")).isEqualTo(1);
		}

		@Test
		void contextWrittenByTheSubscriberReachesThePublisher() {
			StepVerifier.create(this.catalog.fromContext("tenant").contextWrite(Context.of("tenant", "acme")))
				.expectNext("acme")
				.verifyComplete();
			assertThat(count("CatalogService.fromContext", "finished")).isEqualTo(1);
		}

		@Test
		void callerGetsAPublisherOfTheDeclaredType() {
			assertThat(this.catalog.item("tea")).isInstanceOf(Mono.class);
			assertThat(this.catalog.numbers(1, new CopyOnWriteArrayList<>())).isInstanceOf(Flux.class);
		}

	}

	@Nested
	@SpringBootTest(classes = ReactiveTestApplication.class,
			properties = { "otel.instrumentation.async.future-trace-enabled=true",
					"management.tracing.sampling.probability=1.0", "management.otlp.metrics.export.enabled=false" })
	class WithTheFlag extends Scenarios {

		@Test
		void spanIsAChildOfTheSpanCurrentAtSubscription() {
			Mono<String> item = this.catalog.item("tea");
			Span parent = this.tracer.nextSpan().name("subscriber").start();
			try (Tracer.SpanInScope scope = this.tracer.withSpan(parent)) {
				assertThat(item.block()).isEqualTo("item tea");
			}
			finally {
				parent.end();
			}
			assertThat(futureSpans()).singleElement().satisfies((span) -> {
				assertThat(span.getName()).isEqualTo("future CatalogService.item");
				assertThat(span.getParentSpanId()).isEqualTo(parent.context().spanId());
				assertThat(span.getTraceId()).isEqualTo(parent.context().traceId());
			});
			assertThat(this.tracer.currentSpan()).isNull();
		}

		@Test
		void spanIsAChildOfTheObservationInTheSubscribersReactorContextOnly() {
			Observation request = Observation.start("request", this.observations);
			try {
				StepVerifier
					.create(this.catalog.item("tea")
						.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, request)))
					.expectNext("item tea")
					.verifyComplete();
			}
			finally {
				request.stop();
			}
			SpanData requestSpan = this.spans.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getName().equals("request"))
				.findFirst()
				.orElseThrow();
			assertThat(futureSpans()).singleElement().satisfies((span) -> {
				assertThat(span.getParentSpanId()).isEqualTo(requestSpan.getSpanId());
				assertThat(span.getTraceId()).isEqualTo(requestSpan.getTraceId());
			});
			assertThat(this.tracer.currentSpan()).isNull();
		}

		@Test
		void errorGivesAnErrorSpan() {
			StepVerifier.create(this.catalog.failing(new IllegalStateException("catalog down")))
				.expectError(IllegalStateException.class)
				.verify(Duration.ofSeconds(5));
			assertThat(futureSpans()).singleElement().satisfies((span) -> {
				assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
				assertThat(span.getEvents()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("exception"));
			});
		}

		@Test
		void neverSubscribedGivesNoSpan() {
			this.catalog.item("tea");
			assertThat(futureSpans()).isEmpty();
		}

	}

}
