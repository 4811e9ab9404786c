package com.example.observed;

import java.util.concurrent.CountDownLatch;

import org.springframework.context.event.EventListener;

/**
 * A listener of {@link OrderPlaced}, run where the multicaster runs it.
 */
public class OrderListener {

	private final CountDownLatch heard = new CountDownLatch(1);

	/**
	 * Note the event.
	 * @param event the event
	 */
	@EventListener
	public void onOrder(OrderPlaced event) {
		this.heard.countDown();
	}

	/**
	 * Return the latch counted down when the event is heard.
	 * @return the latch
	 */
	public CountDownLatch getHeard() {
		return this.heard;
	}

}
