package com.example.observed;

import java.util.concurrent.CountDownLatch;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * A {@code @Scheduled} method.
 */
public class Heartbeat {

	private final CountDownLatch beats = new CountDownLatch(1);

	/**
	 * Beat once a minute, from start-up.
	 */
	@Scheduled(fixedDelay = 60_000)
	public void beat() {
		this.beats.countDown();
	}

	/**
	 * Return the latch counted down by the first beat.
	 * @return the latch
	 */
	public CountDownLatch getBeats() {
		return this.beats;
	}

}
