package io.github.asynctelemetry.future.app;

import java.util.concurrent.CompletableFuture;

/**
 * A final class: it cannot be proxied, so its futures are not instrumented, and start-up
 * must not fail because of it.
 *
 * @author Async Telemetry team
 */
public final class FinalQuoteService {

	public CompletableFuture<String> quote() {
		return CompletableFuture.completedFuture("final");
	}

}
