package io.github.asynctelemetry.method;

import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.future.FutureTracker;
import io.github.asynctelemetry.lifecycle.UnitLifecycle;
import io.github.asynctelemetry.names.TraceSelection;

/**
 * The collaborators of the {@code @Async} interceptors, resolved once when the first
 * call is made.
 *
 * @param lifecycle the sources of units, their meters and spans
 * @param selection which calls and futures get spans
 * @param futures the tracker of returned futures
 * @param context captures the caller's context
 * @author Async Telemetry team
 */
record AsyncMethodTelemetry(UnitLifecycle lifecycle, TraceSelection selection,
		FutureTracker futures, ContextCapture context) {

}
