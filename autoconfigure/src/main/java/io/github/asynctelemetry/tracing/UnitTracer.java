package io.github.asynctelemetry.tracing;

import io.github.asynctelemetry.unit.AsyncUnit;
import org.jspecify.annotations.Nullable;

/**
 * Starts the spans of selected units. The starter's implementation goes through
 * Micrometer Tracing to whatever tracer Spring Boot configured; without a tracer,
 * {@link #NOOP} starts nothing.
 *
 * @author Async Telemetry team
 */
@FunctionalInterface
public interface UnitTracer {

	/**
	 * A tracer that starts no span.
	 */
	UnitTracer NOOP = (unit) -> null;

	/**
	 * Start a span for the unit, as a child of the span current on the calling thread.
	 * The span is not made current. Never throws.
	 * @param unit the unit
	 * @return the started span, or {@code null} when tracing is not available or failed
	 */
	@Nullable UnitSpan start(AsyncUnit unit);

}
