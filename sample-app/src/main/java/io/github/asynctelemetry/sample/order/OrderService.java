package io.github.asynctelemetry.sample.order;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.github.asynctelemetry.sample.Latency;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * Places orders and sends their confirmation e-mail in the background. Every call of
 * {@link #sendConfirmation(Order)} is an {@code async_method} unit named
 * {@code OrderService.sendConfirmation}, and its returned future a {@code future} unit;
 * the sample traces it by name.
 *
 * @author Async Telemetry team
 */
@Service
public class OrderService {

	private static final Logger logger = LoggerFactory.getLogger(OrderService.class);

	private static final Duration MAIL_LATENCY = Duration.ofMillis(50);

	private final AtomicLong ids = new AtomicLong();

	/**
	 * Place an order.
	 * @param request what to order
	 * @return the order
	 */
	public Order placeOrder(OrderRequest request) {
		Order order = new Order(this.ids.incrementAndGet(), request.customer(), request.item(), request.quantity());
		logger.info("Placed order {}: {} x {} for {}", order.id(), order.quantity(), order.item(), order.customer());
		return order;
	}

	/**
	 * Send the confirmation e-mail of an order, on Spring Boot's task executor. Its log
	 * lines carry the trace id of the request that placed the order.
	 * @param order the order
	 * @return the confirmation, failed when the customer's address is not an e-mail
	 * address
	 */
	@Async
	public CompletableFuture<Confirmation> sendConfirmation(Order order) {
		if (!order.customer().contains("@")) {
			throw new IllegalArgumentException("'" + order.customer() + "' is not an e-mail address");
		}
		logger.info("Sending the confirmation of order {} to {}", order.id(), order.customer());
		Latency.simulate(MAIL_LATENCY);
		return CompletableFuture.completedFuture(new Confirmation(order.id(), order.customer()));
	}

}
