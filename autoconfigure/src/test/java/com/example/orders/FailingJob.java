package com.example.orders;

import java.util.concurrent.CountDownLatch;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * A bean with a {@code @Scheduled} method that always fails.
 */
public class FailingJob {

	private final CountDownLatch ran = new CountDownLatch(2);

	@Scheduled(fixedDelay = 10)
	public void check() {
		this.ran.countDown();
		throw new IllegalStateException("check failed");
	}

	public CountDownLatch getRan() {
		return this.ran;
	}

}
