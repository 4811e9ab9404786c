package io.github.asynctelemetry.future.lib;

import java.util.concurrent.CompletableFuture;

/**
 * A class outside the application's packages that hands out futures, as a library's
 * base class would.
 *
 * @author Async Telemetry team
 */
public class LibraryQuotes {

	public CompletableFuture<String> libraryQuote() {
		return CompletableFuture.completedFuture("library");
	}

}
