package com.example.observed;

import java.util.concurrent.CountDownLatch;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Async;

/**
 * An {@code @Async} listener of {@link OrderPlaced}.
 */
public class AsyncOrderListener {

	private final CountDownLatch heard = new CountDownLatch(1);

	/**
	 * Note the event, on the {@code @Async} executor.
	 * @param event the event
	 */
	@Async
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
