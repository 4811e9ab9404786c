package io.github.asynctelemetry.future.app;

import java.util.concurrent.CompletableFuture;

import io.github.asynctelemetry.future.lib.LibraryQuotes;

/**
 * An application class that inherits a future-returning method from a library class.
 *
 * @author Async Telemetry team
 */
public class InheritingQuoteService extends LibraryQuotes {

	public CompletableFuture<String> ownQuote() {
		return CompletableFuture.completedFuture("own");
	}

}
