package io.github.asynctelemetry.context;

import io.github.asynctelemetry.tracing.ObservationAwareSpanAccessor;
import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CapturedContext} with the accessors of a traced application: the
 * observation accessor and the starter's accessor of spans made current without an
 * observation, which reads nothing while the current span is the observation's.
 *
 * @author Async Telemetry team
 */
class CapturedContextTracingTests {

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().build();

	private final Tracer tracer = new OtelTracer(this.tracerProvider.get("test"), new OtelCurrentTraceContext(),
			(event) -> {
			});

	private final ObservationRegistry observations = ObservationRegistry.create();

	private final ContextCapture capture = ContextCapture.of(new FailureLog(),
			new ObservationAwareSpanAccessor(this.observations, this.tracer));

	CapturedContextTracingTests() {
		this.observations.observationConfig().observationHandler(new DefaultTracingObservationHandler(this.tracer));
	}

	@AfterEach
	void closeTracerProvider() {
		this.tracerProvider.close();
	}

	@Test
	void restoringClearingGivesTheObservationsSpanOverAThreadWhereASpanWasRestored() {
		Observation request = Observation.start("request", this.observations);
		CapturedContext caller;
		Span requestSpan;
		try (Observation.Scope scope = request.openScope()) {
			requestSpan = this.tracer.currentSpan();
			caller = this.capture.capture();
		}
		Span other = this.tracer.nextSpan().name("other").start();
		CapturedContext elsewhere;
		try (Tracer.SpanInScope inScope = this.tracer.withSpan(other)) {
			elsewhere = this.capture.capture();
		}
		try (CapturedContext.Scope otherRestored = elsewhere.restore()) {
			assertThat(this.tracer.currentSpan()).isEqualTo(other);
			try (CapturedContext.Scope callerRestored = caller.restoreClearing()) {
				assertThat(this.observations.getCurrentObservation()).isSameAs(request);
				assertThat(this.tracer.currentSpan()).describedAs("the span of the caller's observation")
					.isEqualTo(requestSpan);
			}
			assertThat(this.observations.getCurrentObservation()).isNull();
			assertThat(this.tracer.currentSpan()).isEqualTo(other);
		}
		finally {
			other.end();
			request.stop();
		}
		assertThat(this.tracer.currentSpan()).isNull();
	}

}
