package com.example;

/**
 * A user class outside the starter's packages, named as in the examples of the
 * names-to-trace properties.
 *
 * @author Async Telemetry team
 */
public class OrderService {

	public void sendEmail() {
	}

	public void cancelOrder() {
	}

}
