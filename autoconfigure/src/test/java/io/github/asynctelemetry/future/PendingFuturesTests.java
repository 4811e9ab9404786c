package io.github.asynctelemetry.future;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
		for (int attempt = 0; attempt < 20 && this.pending.size() > 1; attempt++) {
			System.gc();
		}
		assertThat(this.pending.size()).isEqualTo(1);
		assertThat(this.pending.add(kept)).isFalse();
	}

}
