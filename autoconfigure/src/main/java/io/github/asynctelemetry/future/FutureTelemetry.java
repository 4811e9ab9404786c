package io.github.asynctelemetry.future;

import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.unit.FailureLog;
import org.jspecify.annotations.Nullable;

/**
 * The collaborators of the {@link FutureReturnInterceptor}, resolved once when the first
 * advised method is called.
 *
 * @param tracker the tracker of futures, whose lifecycle gives the units' sources
 * @param selection which units get spans
 * @param failureLog where failures of the instrumentation are logged
 * @param publishers the tracker of returned publishers, {@code null} when the
 * application has no publisher library
 * @param suspending the calls of suspend functions, {@code null} when the application
 * has no Kotlin coroutines
 * @author Async Telemetry team
 */
record FutureTelemetry(FutureTracker tracker, TraceSelection selection, FailureLog failureLog,
		@Nullable PublisherFutures publishers, @Nullable SuspendingFunctions suspending) {
}
