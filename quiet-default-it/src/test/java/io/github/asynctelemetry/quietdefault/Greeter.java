package io.github.asynctelemetry.quietdefault;

import java.util.concurrent.CompletableFuture;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * The application's one {@code @Async} method.
 *
 * @author Async Telemetry team
 */
@Service
public class Greeter {

	@Async
	public CompletableFuture<String> greet(String name) {
		return CompletableFuture.completedFuture("Hello, " + name);
	}

}
