package io.github.asynctelemetry.future.app;

import java.util.concurrent.CompletableFuture;

/**
 * An interface of the application implemented only by a proxy without a target, as a
 * messaging gateway or a generated client is.
 *
 * @author Async Telemetry team
 */
public interface QuoteGateway {

	CompletableFuture<String> quote(String item);

}
