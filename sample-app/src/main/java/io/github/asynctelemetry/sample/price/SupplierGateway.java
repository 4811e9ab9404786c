package io.github.asynctelemetry.sample.price;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Asks suppliers for quotes without blocking the caller. Every returned future is a
 * {@code future} unit named {@code SupplierGateway.quote} (it lies in the application's
 * packages and returns a {@code CompletableFuture}), measured from the return until it
 * completes, whatever completes it: the supplier, a timeout or a cancellation. The
 * supplier call itself runs as a {@code task} unit on Spring Boot's task executor, named
 * after this method because the lambda is declared here.
 *
 * @author Async Telemetry team
 */
@Component
public class SupplierGateway {

	private final Executor executor;

	public SupplierGateway(@Qualifier("applicationTaskExecutor") Executor executor) {
		this.executor = executor;
	}

	/**
	 * Ask a supplier for the price of an item.
	 * @param supplier the supplier
	 * @param item the item
	 * @return the quote, when the supplier answers
	 */
	public CompletableFuture<Quote> quote(Supplier supplier, String item) {
		return CompletableFuture.supplyAsync(() -> supplier.fetch(item), this.executor);
	}

}
