package io.github.asynctelemetry.sample.order;

import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * The checkout: places an order and lets its confirmation be sent in the background,
 * without waiting for it.
 *
 * @author Async Telemetry team
 */
@Service
public class CheckoutService {

	private static final Logger logger = LoggerFactory.getLogger(CheckoutService.class);

	private final OrderService orders;

	public CheckoutService(OrderService orders) {
		this.orders = orders;
	}

	/**
	 * Place an order and send its confirmation asynchronously.
	 * @param request what to order
	 * @return the order, before its confirmation is sent
	 */
	public Order checkout(OrderRequest request) {
		Order order = this.orders.placeOrder(request);
		this.orders.sendConfirmation(order).whenComplete((confirmation, failure) -> {
			if (failure != null) {
				Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
						? failure.getCause() : failure;
				logger.info("The confirmation of order {} was not sent: {}", order.id(), cause.getMessage());
			}
		});
		return order;
	}

}
