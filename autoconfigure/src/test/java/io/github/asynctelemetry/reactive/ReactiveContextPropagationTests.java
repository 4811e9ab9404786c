package io.github.asynctelemetry.reactive;

import java.time.Duration;

import io.github.asynctelemetry.reactive.app.CatalogService;
import io.github.asynctelemetry.reactive.app.ReactiveTestApplication;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller's context inside the operators of a returned {@code Mono} that run on
 * another scheduler. The starter relies on Reactor's automatic context propagation,
 * which Spring Boot turns on with {@code spring.reactor.context-propagation=auto}, and
 * carries nothing itself: these tests show what that setting gives, and what is lost
 * without it.
 *
 * @author Async Telemetry team
 */
@SpringBootTest(classes = ReactiveTestApplication.class,
		properties = { "spring.reactor.context-propagation=auto", "management.tracing.sampling.probability=1.0",
				"management.otlp.metrics.export.enabled=false" })
class ReactiveContextPropagationTests {

	private static final String NONE = "none";

	@Autowired
	Tracer tracer;

	@Autowired
	ObservationRegistry observations;

	@Autowired
	CatalogService catalog;

	@AfterAll
	static void leaveReactorAsFound() {
		Hooks.disableAutomaticContextPropagation();
	}

	@Test
	void callersTraceAndObservationReachAnOperatorOnAnotherSchedulerWhenBlocking() {
		Observation caller = Observation.start("caller", this.observations);
		String expected;
		String seen;
		try (Observation.Scope scope = caller.openScope()) {
			expected = Thread.currentThread().getName() + " " + currentTraceId() + " caller";
			seen = this.catalog.onAnotherThread(this::probe).block(Duration.ofSeconds(5));
		}
		finally {
			caller.stop();
		}
		assertThat(seen).isNotNull().doesNotStartWith(Thread.currentThread().getName()).containsIgnoringCase("boundedElastic");
		assertThat(seen.substring(seen.indexOf(' '))).isEqualTo(expected.substring(expected.indexOf(' ')));
		assertThat(this.tracer.currentSpan()).isNull();
	}

	@Test
	void callersTraceReachesAnOperatorOnAnotherSchedulerWhenTheSubscriberCapturesIt() {
		Observation caller = Observation.start("caller", this.observations);
		try (Observation.Scope scope = caller.openScope()) {
			Mono<String> traceId = this.catalog.onAnotherThread(this::currentTraceId).contextCapture();
			StepVerifier.create(traceId).expectNext(currentTraceId()).verifyComplete();
		}
		finally {
			caller.stop();
		}
	}

	@Test
	void withoutAutomaticContextPropagationTheTraceDoesNotReachAnotherScheduler() {
		Hooks.disableAutomaticContextPropagation();
		Observation caller = Observation.start("caller", this.observations);
		try (Observation.Scope scope = caller.openScope()) {
			assertThat(currentTraceId()).isNotEqualTo(NONE);
			assertThat(this.catalog.onAnotherThread(this::currentTraceId).block(Duration.ofSeconds(5))).isEqualTo(NONE);
		}
		finally {
			caller.stop();
			Hooks.enableAutomaticContextPropagation();
		}
	}

	private String probe() {
		Observation current = this.observations.getCurrentObservation();
		String name = (current != null) ? current.getContext().getName() : NONE;
		return Thread.currentThread().getName() + " " + currentTraceId() + " " + name;
	}

	private String currentTraceId() {
		Span span = this.tracer.currentSpan();
		return (span != null) ? span.context().traceId() : NONE;
	}

}
