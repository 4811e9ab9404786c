package io.github.asynctelemetry.sample.price;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

import io.github.asynctelemetry.sample.Latency;

/**
 * The suppliers the shop asks for prices, each with the behaviour it shows in this
 * sample: one answers quickly, one too slowly for the lookup's deadline, one fails, and
 * one is only a hedge that the lookup cancels as soon as the preferred supplier answers.
 *
 * @author Async Telemetry team
 */
public enum Supplier {

	/**
	 * The preferred supplier: answers in a few milliseconds.
	 */
	ACME(Duration.ofMillis(20), true, "1.00"),

	/**
	 * A slow supplier: takes longer than the lookup's deadline, so its quote times out.
	 */
	GLOBEX(Duration.ofSeconds(3), true, "0.90"),

	/**
	 * A supplier whose price service is down: its quote fails.
	 */
	INITECH(Duration.ofMillis(10), false, "0.95"),

	/**
	 * A backup asked at the same time as the others: its quote is cancelled when the
	 * preferred supplier answers.
	 */
	UMBRELLA(Duration.ofSeconds(2), true, "1.10");

	private final Duration latency;

	private final boolean available;

	private final BigDecimal factor;

	Supplier(Duration latency, boolean available, String factor) {
		this.latency = latency;
		this.available = available;
		this.factor = new BigDecimal(factor);
	}

	/**
	 * Ask this supplier for the price of an item, blocking like a remote call.
	 * @param item the item
	 * @return the quote
	 * @throws SupplierUnavailableException if the supplier cannot quote
	 */
	Quote fetch(String item) {
		Latency.simulate(this.latency);
		if (!this.available) {
			throw new SupplierUnavailableException(this);
		}
		BigDecimal base = BigDecimal.valueOf(100 + Math.floorMod(item.hashCode(), 900), 2);
		return new Quote(this, item, base.multiply(this.factor).setScale(2, RoundingMode.HALF_UP));
	}

}
