package io.github.asynctelemetry.sample.price;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Looks up the best price of an item by asking every {@link Supplier} at once. The
 * preferred supplier answers, the slow one misses the deadline set with
 * {@code orTimeout}, the broken one fails, and the backup is cancelled as soon as the
 * preferred supplier has answered: the four states a {@code future} unit can end in.
 * The lookup also asks the {@link Marketplace} without waiting for it, and would log a
 * late answer; the marketplace never answers, so that future never ends.
 *
 * @author Async Telemetry team
 */
@Service
public class PriceService {

	private static final Duration DEADLINE = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(PriceService.class);

	private final SupplierGateway gateway;

	private final Marketplace marketplace;

	public PriceService(SupplierGateway gateway, Marketplace marketplace) {
		this.gateway = gateway;
		this.marketplace = marketplace;
	}

	/**
	 * Look up the best price of an item, waiting at most the deadline.
	 * @param item the item
	 * @return the lookup
	 */
	public PriceLookup lookup(String item) {
		this.marketplace.quote(item).thenAccept((quote) -> logger.info("Late marketplace quote: {}", quote));
		Map<Supplier, CompletableFuture<Quote>> quotes = new LinkedHashMap<>();
		for (Supplier supplier : Supplier.values()) {
			CompletableFuture<Quote> quote = this.gateway.quote(supplier, item);
			quotes.put(supplier, quote.orTimeout(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
		}
		CompletableFuture<Quote> backup = quotes.get(Supplier.UMBRELLA);
		quotes.get(Supplier.ACME).whenComplete((quote, failure) -> backup.cancel(false));
		CompletableFuture.allOf(quotes.values().toArray(CompletableFuture[]::new))
			.exceptionally((failure) -> null)
			.join();
		Map<Supplier, String> outcomes = new LinkedHashMap<>();
		quotes.forEach((supplier, quote) -> outcomes.put(supplier, outcome(quote)));
		Quote best = quotes.values()
			.stream()
			.filter((quote) -> !quote.isCompletedExceptionally())
			.map(CompletableFuture::join)
			.min(Comparator.comparing(Quote::price))
			.orElse(null);
		return new PriceLookup(item, best, outcomes);
	}

	private static String outcome(CompletableFuture<Quote> quote) {
		if (quote.isCancelled()) {
			return "cancelled";
		}
		try {
			quote.join();
			return "finished";
		}
		catch (CompletionException ex) {
			return (ex.getCause() instanceof TimeoutException) ? "timeout" : "exception";
		}
	}

}
