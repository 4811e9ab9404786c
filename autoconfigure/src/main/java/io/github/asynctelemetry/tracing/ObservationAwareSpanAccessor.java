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
 * {@link #getValue()} that reads the same and allocates nothing, and a
 * {@link #setValue()} that nests. Micrometer's own allocates an empty tracing context (and
 * its map) on every read while an observation is current, which is on every capture of a
 * request thread's context; and its {@code setValue()} does nothing on a thread where it
 * made no span current, and otherwise replaces the scope of the span it made current with
 * one of no span, so that the first scope is never closed and the span stays current
 * after every value is put back.
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

	/**
	 * Make no span current, in a scope of its own that {@link #restore()} and
	 * {@link #restore(Span)} close, as they close the scope of a value.
	 */
	@Override
	public void setValue() {
		// The value's scope is opened with Tracer.withSpan, whose null is no span
		super.setValue((Span) null);
	}

}
