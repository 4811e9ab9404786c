package io.github.asynctelemetry.future;

import io.github.asynctelemetry.unit.FailureLog;

/**
 * The collaborators of the {@link FutureReturnInterceptor}, resolved once when the first
 * future is returned.
 *
 * @param tracker the tracker of futures, whose lifecycle gives the units' sources
 * @param traced whether futures get spans
 * @param failureLog where failures of the instrumentation are logged
 * @author Async Telemetry team
 */
record FutureTelemetry(FutureTracker tracker, boolean traced, FailureLog failureLog) {

}
