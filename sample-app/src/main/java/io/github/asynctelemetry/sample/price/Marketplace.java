package io.github.asynctelemetry.sample.price;

import java.util.concurrent.CompletableFuture;

import org.springframework.stereotype.Component;

/**
 * A marketplace that takes quote requests and is meant to answer them later through a
 * callback, which in this sample never comes: its answers are lost. Every returned
 * future is a {@code future} unit named {@code Marketplace.quote} that never completes,
 * so it is never recorded, stays counted in the {@code asyncio.process.active} gauge
 * forever, and is collected all the same: nothing in the application or the starter
 * keeps it. A steadily rising active count with no recorded units is how such lost
 * callbacks show.
 *
 * @author Async Telemetry team
 */
@Component
public class Marketplace {

	/**
	 * Ask the marketplace for a quote.
	 * @param item the item
	 * @return the quote, which never arrives
	 */
	public CompletableFuture<Quote> quote(String item) {
		return new CompletableFuture<>();
	}

}
