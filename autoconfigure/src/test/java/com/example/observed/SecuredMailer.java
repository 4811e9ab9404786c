package com.example.observed;

import java.util.concurrent.CompletableFuture;

import org.springframework.scheduling.annotation.Async;

/**
 * An {@code @Async} method on Spring Security's delegating executor.
 */
public class SecuredMailer {

	/**
	 * Return the name of the authenticated caller that the method body sees.
	 * @return the name
	 */
	@Async("securedExecutor")
	public CompletableFuture<String> sendAs() {
		return CompletableFuture.completedFuture(SecuredTasks.currentUser());
	}

}
