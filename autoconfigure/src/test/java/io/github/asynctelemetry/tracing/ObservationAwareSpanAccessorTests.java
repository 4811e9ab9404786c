package io.github.asynctelemetry.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.contextpropagation.ObservationAwareSpanThreadLocalAccessor;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ObservationAwareSpanAccessor}: it reads what Micrometer Tracing's own
 * accessor reads, in every case that accessor distinguishes.
 *
 * @author Async Telemetry team
 */
class ObservationAwareSpanAccessorTests {

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().build();

	private final Tracer tracer = new OtelTracer(this.tracerProvider.get("test"), new OtelCurrentTraceContext(),
			(event) -> {
			});

	private final ObservationRegistry observations = ObservationRegistry.create();

	private final ObservationAwareSpanAccessor accessor = new ObservationAwareSpanAccessor(this.observations,
			this.tracer);

	private final ObservationAwareSpanThreadLocalAccessor micrometers = new ObservationAwareSpanThreadLocalAccessor(
			this.observations, this.tracer);

	ObservationAwareSpanAccessorTests() {
		this.observations.observationConfig().observationHandler(new DefaultTracingObservationHandler(this.tracer));
	}

	@AfterEach
	void closeTracerProvider() {
		this.tracerProvider.close();
	}

	@Test
	void noSpanIsNull() {
		assertThat(this.accessor.getValue()).isNull();
		assertThat(this.micrometers.getValue()).isNull();
	}

	@Test
	void spanOfTheCurrentObservationIsLeftToTheObservationAccessor() {
		Observation observation = Observation.start("request", this.observations);
		try (Observation.Scope scope = observation.openScope()) {
			assertThat(this.tracer.currentSpan()).isNotNull();
			assertThat(this.accessor.getValue()).isNull();
			assertThat(this.micrometers.getValue()).isNull();
		}
		finally {
			observation.stop();
		}
	}

	@Test
	void spanMadeCurrentWithinAnObservationIsRead() {
		Observation observation = Observation.start("request", this.observations);
		try (Observation.Scope scope = observation.openScope()) {
			Span child = this.tracer.nextSpan().name("child").start();
			try (Tracer.SpanInScope inScope = this.tracer.withSpan(child)) {
				assertThat(this.accessor.getValue()).isEqualTo(child);
				assertThat(this.micrometers.getValue()).isEqualTo(child);
			}
			finally {
				child.end();
			}
		}
		finally {
			observation.stop();
		}
	}

	@Test
	void spanMadeCurrentWithoutAnObservationIsRead() {
		Span span = this.tracer.nextSpan().name("manual").start();
		try (Tracer.SpanInScope inScope = this.tracer.withSpan(span)) {
			assertThat(this.accessor.getValue()).isEqualTo(span);
			assertThat(this.micrometers.getValue()).isEqualTo(span);
		}
		finally {
			span.end();
		}
	}

	@Test
	void observationWithoutTracingIsNoReasonToLeaveASpanOut() {
		ObservationRegistry untraced = ObservationRegistry.create();
		untraced.observationConfig().observationHandler((context) -> true);
		ObservationAwareSpanAccessor accessor = new ObservationAwareSpanAccessor(untraced, this.tracer);
		ObservationAwareSpanThreadLocalAccessor micrometers = new ObservationAwareSpanThreadLocalAccessor(untraced,
				this.tracer);
		Span span = this.tracer.nextSpan().name("manual").start();
		Observation observation = Observation.start("request", untraced);
		try (Tracer.SpanInScope inScope = this.tracer.withSpan(span); Observation.Scope scope = observation.openScope()) {
			assertThat(accessor.getValue()).isEqualTo(span);
			assertThat(micrometers.getValue()).isEqualTo(span);
		}
		finally {
			observation.stop();
			span.end();
		}
	}

	@Test
	void clearingNestsInTheScopeOfASpanAndIsPutBackWithIt() {
		Span span = this.tracer.nextSpan().name("manual").start();
		try {
			this.accessor.setValue(span);
			assertThat(this.tracer.currentSpan()).isEqualTo(span);
			this.accessor.setValue();
			assertThat(this.tracer.currentSpan()).isNull();
			this.accessor.restore(span);
			assertThat(this.tracer.currentSpan()).isEqualTo(span);
			this.accessor.restore();
			assertThat(this.tracer.currentSpan()).describedAs("every scope closed").isNull();
		}
		finally {
			span.end();
		}
	}

	@Test
	void clearingWhereTheAccessorMadeNoSpanCurrentHidesTheCurrentOneUntilPutBack() {
		Span span = this.tracer.nextSpan().name("manual").start();
		try (Tracer.SpanInScope inScope = this.tracer.withSpan(span)) {
			this.accessor.setValue();
			assertThat(this.tracer.currentSpan()).isNull();
			this.accessor.restore(span);
			assertThat(this.tracer.currentSpan()).isEqualTo(span);
		}
		finally {
			span.end();
		}
		assertThat(this.tracer.currentSpan()).isNull();
	}

}
