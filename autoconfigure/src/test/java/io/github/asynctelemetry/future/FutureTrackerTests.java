package io.github.asynctelemetry.future;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitType;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FutureTracker}: no leak, one callback per future.
 *
 * @author Async Telemetry team
 */
class FutureTrackerTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AsyncUnitRecorder recorder = new AsyncUnitRecorder(this.registry, new FailureLog());

	private final FutureTracker tracker = new FutureTracker(UnitTracer.NOOP, new FailureLog());

	private final AsyncUnit unit = this.recorder.unit(UnitType.FUTURE, "Cache.lookup");

	@Test
	void neverCompletedFuturesAreCollected() {
		List<WeakReference<CompletableFuture<String>>> references = new ArrayList<>();
		for (int i = 0; i < 5_000; i++) {
			CompletableFuture<String> future = new CompletableFuture<>();
			this.tracker.trackOnce(future, this.unit, false, System.nanoTime());
			references.add(new WeakReference<>(future));
		}
		for (int attempt = 0; attempt < 20 && references.stream().anyMatch((ref) -> ref.get() != null); attempt++) {
			System.gc();
		}
		assertThat(references).allSatisfy((reference) -> assertThat(reference.get()).isNull());
		assertThat(count("finished")).isZero();
	}

	@Test
	void pendingFutureReturnedManyTimesHasOneCallbackAndIsCountedOnce() {
		CompletableFuture<String> future = new CompletableFuture<>();
		for (int i = 0; i < 10_000; i++) {
			this.tracker.trackOnce(future, this.unit, false, System.nanoTime());
		}
		assertThat(future.getNumberOfDependents()).isLessThan(10);
		future.complete("value");
		assertThat(count("finished")).isEqualTo(1);
	}

	@Test
	void completedFutureIsRecordedAtOnce() {
		this.tracker.trackOnce(CompletableFuture.completedFuture("done"), this.unit, false, System.nanoTime());
		assertThat(count("finished")).isEqualTo(1);
	}

	@Test
	void callbackOfACancelledFutureDoesNotThrow() {
		CompletableFuture<String> future = new CompletableFuture<>();
		FutureTracker failingTracker = new FutureTracker((unit) -> {
			throw new IllegalStateException("tracer failed");
		}, new FailureLog());
		failingTracker.trackNew(future, this.unit, true, System.nanoTime());
		assertThat(future.cancel(true)).isTrue();
		assertThat(count("cancelled")).isEqualTo(1);
	}

	private double count(String state) {
		Counter counter = this.registry.find("asyncio.process.count").tag("state", state).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
