package com.example.observed;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.annotation.Async;

/**
 * An {@code @Async} method whose future completes only once the caller lets it.
 */
public class Postman {

	/**
	 * Wait until released, then return.
	 * @param release the latch the caller counts down
	 * @return {@code "sent"}
	 * @throws InterruptedException when interrupted while waiting
	 */
	@Async
	public CompletableFuture<String> send(CountDownLatch release) throws InterruptedException {
		release.await(10, TimeUnit.SECONDS);
		return CompletableFuture.completedFuture("sent");
	}

}
