package io.github.asynctelemetry.future;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PendingFutures}.
 *
 * @author Async Telemetry team
 */
class PendingFuturesTests {

	private final PendingFutures pending = new PendingFutures();

	@Test
	void futureIsNewOnlyTheFirstTime() {
		CompletableFuture<String> future = new CompletableFuture<>();
		assertThat(this.pending.add(future)).isTrue();
		assertThat(this.pending.add(future)).isFalse();
		assertThat(this.pending.add(new CompletableFuture<String>())).isTrue();
		assertThat(this.pending.size()).isEqualTo(2);
	}

	@Test
	void removedFutureIsGoneAndNewAgain() {
		CompletableFuture<String> future = new CompletableFuture<>();
		this.pending.add(future);
		this.pending.remove(future);
		assertThat(this.pending.size()).isZero();
		assertThat(this.pending.add(future)).isTrue();
	}

	@Test
	void entriesOfCollectedFuturesAreDropped() {
		for (int i = 0; i < 100_000; i++) {
			assertThat(this.pending.add(new CompletableFuture<String>())).isTrue();
		}
		CompletableFuture<String> kept = new CompletableFuture<>();
		this.pending.add(kept);
		// The collector clears the weak keys, then the JVM's reference handler thread queues
		// them for the maps to expunge: ask for collections until it has, within a bound.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
			System.gc();
			return this.pending.size() <= 1;
		});
		assertThat(this.pending.size()).isEqualTo(1);
		assertThat(this.pending.add(kept)).isFalse();
	}

}
