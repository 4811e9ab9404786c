package io.github.asynctelemetry.sample.price;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /prices/{item}}: the best price of an item and how each supplier's quote
 * ended.
 *
 * @author Async Telemetry team
 */
@RestController
public class PriceController {

	private final PriceService prices;

	public PriceController(PriceService prices) {
		this.prices = prices;
	}

	@GetMapping("/prices/{item}")
	PriceLookup lookup(@PathVariable String item) {
		return this.prices.lookup(item);
	}

}
