package io.github.asynctelemetry.method;

import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.future.FutureTracker;
import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;

/**
 * The collaborators of the {@code @Async} interceptors, resolved once when the first
 * call is made.
 *
 * @param recorder the meters
 * @param tracer the spans of selected calls
 * @param selection which calls and futures get spans
 * @param futures the tracker of returned futures
 * @param context captures the caller's context
 * @author Async Telemetry team
 */
record AsyncMethodTelemetry(AsyncUnitRecorder recorder, UnitTracer tracer, TraceSelection selection,
		FutureTracker futures, ContextCapture context) {

}
