package io.github.asynctelemetry.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.contextpropagation.ObservationAwareSpanThreadLocalAccessor;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer Tracing's accessor for spans made current without an observation
 * ({@code tracer.withSpan(span)}), which the starter adds to what it propagates, with a
 * {@link #getValue()} that reads the same and allocates nothing. Micrometer's own
 * allocates an empty tracing context (and its map) on every read while an observation is
 * current, which is on every capture of a request thread's context.
 *
 * @author Async Telemetry team
 */
public final class ObservationAwareSpanAccessor extends ObservationAwareSpanThreadLocalAccessor {

	private final ObservationRegistry registry;

	private final Tracer tracer;

	/**
	 * Create an accessor.
	 * @param registry the observation registry whose current observation's span is left
	 * to the observation accessor
	 * @param tracer the tracer
	 */
	public ObservationAwareSpanAccessor(ObservationRegistry registry, Tracer tracer) {
		super(registry, tracer);
		this.registry = registry;
		this.tracer = tracer;
	}

	/**
	 * Return the current span unless it is the current observation's, which the
	 * observation accessor propagates.
	 * @return the span to propagate, or {@code null}
	 */
	@Override
	public @Nullable Span getValue() {
		Span current = this.tracer.currentSpan();
		if (current == null) {
			return null;
		}
		Observation observation = this.registry.getCurrentObservation();
		if (observation != null) {
			TracingContext tracing = observation.getContextView().get(TracingContext.class);
			if (tracing != null && current.equals(tracing.getSpan())) {
				return null;
			}
		}
		return current;
	}

}
