package com.example.orders;

import java.util.concurrent.CountDownLatch;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * A bean with a {@code @Scheduled} method.
 */
public class ReportJob {

	private final CountDownLatch ran = new CountDownLatch(2);

	@Scheduled(fixedDelay = 10)
	public void refresh() {
		this.ran.countDown();
	}

	public CountDownLatch getRan() {
		return this.ran;
	}

}
