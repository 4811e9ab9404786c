package io.github.asynctelemetry.sample.price;

/**
 * Thrown when a supplier cannot quote a price.
 *
 * @author Async Telemetry team
 */
public class SupplierUnavailableException extends RuntimeException {

	SupplierUnavailableException(Supplier supplier) {
		super("Supplier " + supplier + " is unavailable");
	}

}
