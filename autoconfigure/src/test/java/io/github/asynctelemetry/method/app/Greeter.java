package io.github.asynctelemetry.method.app;

import java.util.concurrent.CompletableFuture;

import org.springframework.scheduling.annotation.Async;

/**
 * An interface implemented only by a proxy without a target, as gateways and clients
 * generated from an interface are.
 *
 * @author Async Telemetry team
 */
public interface Greeter {

	@Async
	CompletableFuture<String> greet(String name);

}
