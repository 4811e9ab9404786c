package io.github.asynctelemetry.future;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SeenFutures}.
 *
 * @author Async Telemetry team
 */
class SeenFuturesTests {

	private final SeenFutures seen = new SeenFutures();

	@Test
	void futureIsNewOnlyTheFirstTime() {
		CompletableFuture<String> future = new CompletableFuture<>();
		assertThat(this.seen.add(future)).isTrue();
		assertThat(this.seen.add(future)).isFalse();
		assertThat(this.seen.add(new CompletableFuture<String>())).isTrue();
		assertThat(this.seen.size()).isEqualTo(2);
	}

	@Test
	void entriesOfCollectedFuturesAreDropped() {
		for (int i = 0; i < 100_000; i++) {
			assertThat(this.seen.add(new CompletableFuture<String>())).isTrue();
		}
		CompletableFuture<String> kept = new CompletableFuture<>();
		this.seen.add(kept);
		for (int attempt = 0; attempt < 20 && this.seen.size() > 1; attempt++) {
			System.gc();
		}
		assertThat(this.seen.size()).isEqualTo(1);
		assertThat(this.seen.add(kept)).isFalse();
	}

}
