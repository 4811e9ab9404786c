package io.github.asynctelemetry.reactive.app;

import java.util.concurrent.CompletableFuture;

/**
 * A bean of the application returning futures only, which an application without
 * Reactor can have.
 *
 * @author Async Telemetry team
 */
public class QuoteService {

	public CompletableFuture<String> quote(String item) {
		return CompletableFuture.completedFuture("quote " + item);
	}

}
