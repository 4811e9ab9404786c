package io.github.asynctelemetry.future.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bean whose methods hand out futures that the test completes by hand.
 *
 * @author Async Telemetry team
 */
public class PriceService {

	private final AtomicReference<CompletableFuture<String>> last = new AtomicReference<>();

	private final CompletableFuture<String> cached = new CompletableFuture<>();

	public CompletableFuture<String> quote(String item) {
		CompletableFuture<String> future = new CompletableFuture<>();
		this.last.set(future);
		return future;
	}

	public CompletionStage<String> stage(String item) {
		CompletableFuture<String> future = new CompletableFuture<>();
		this.last.set(future);
		return future;
	}

	public CompletableFuture<String> cachedQuote() {
		return this.cached;
	}

	public CompletableFuture<String> cachedFuture() {
		return this.cached;
	}

	public CompletableFuture<String> lastFuture() {
		return this.last.get();
	}

	public String plain() {
		return "plain";
	}

}
