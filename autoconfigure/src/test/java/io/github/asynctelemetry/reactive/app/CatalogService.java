package io.github.asynctelemetry.reactive.app;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A bean of the application returning publishers, and a future for comparison.
 *
 * @author Async Telemetry team
 */
public class CatalogService {

	private final AtomicInteger subscriptions = new AtomicInteger();

	public Mono<String> item(String id) {
		return Mono.fromCallable(() -> "item " + id).doOnSubscribe((subscription) -> this.subscriptions.incrementAndGet());
	}

	public Mono<String> failing(RuntimeException failure) {
		return Mono.error(failure);
	}

	public Mono<String> never() {
		return Mono.never();
	}

	public Mono<String> timingOut(Duration timeout) {
		return Mono.<String>never().timeout(timeout);
	}

	public Flux<Integer> numbers(int count, List<Long> requests) {
		return Flux.range(1, count).doOnRequest(requests::add);
	}

	public Mono<String> fromContext(String key) {
		return Mono.deferContextual((context) -> Mono.just(context.get(key)));
	}

	public Mono<String> onAnotherThread(Callable<String> probe) {
		return Mono.fromCallable(probe).subscribeOn(Schedulers.boundedElastic());
	}

	public CompletableFuture<String> quote(String item) {
		return CompletableFuture.completedFuture("quote " + item);
	}

	public int subscriptions() {
		return this.subscriptions.get();
	}

}
