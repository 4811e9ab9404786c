package com.example.observed;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Application code that publishes an application event.
 */
public class OrderDesk {

	/**
	 * Publish that an order was placed.
	 * @param publisher the publisher
	 * @param order the order id
	 */
	public void place(ApplicationEventPublisher publisher, String order) {
		publisher.publishEvent(new OrderPlaced(order));
	}

}
