package io.github.asynctelemetry.sample.order;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders}: place an order; its confirmation is sent in the background.
 *
 * @author Async Telemetry team
 */
@RestController
public class OrderController {

	private final CheckoutService checkout;

	public OrderController(CheckoutService checkout) {
		this.checkout = checkout;
	}

	@PostMapping("/orders")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Order placeOrder(@RequestBody OrderRequest request) {
		return this.checkout.checkout(request);
	}

}
