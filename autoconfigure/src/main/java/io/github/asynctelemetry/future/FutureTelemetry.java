package io.github.asynctelemetry.future;

import io.github.asynctelemetry.unit.FailureLog;
import org.jspecify.annotations.Nullable;

/**
 * The collaborators of the {@link FutureReturnInterceptor}, resolved once when the first
 * future is returned.
 *
 * @param tracker the tracker of futures, whose lifecycle gives the units' sources
 * @param traced whether futures get spans
 * @param failureLog where failures of the instrumentation are logged
 * @param publishers the tracker of returned publishers, {@code null} when the
 * application has no publisher library
 * @author Async Telemetry team
 */
record FutureTelemetry(FutureTracker tracker, boolean traced, FailureLog failureLog,
		@Nullable PublisherFutures publishers) {

}
