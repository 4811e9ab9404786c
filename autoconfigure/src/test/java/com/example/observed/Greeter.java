package com.example.observed;

import java.util.concurrent.CompletableFuture;

import org.springframework.scheduling.annotation.Async;

/**
 * An {@code @Async} method on the application's default {@code @Async} executor.
 */
public class Greeter {

	/**
	 * Return the name of the thread the method body runs on.
	 * @return the name
	 */
	@Async
	public CompletableFuture<String> threadName() {
		return CompletableFuture.completedFuture(Thread.currentThread().getName());
	}

}
