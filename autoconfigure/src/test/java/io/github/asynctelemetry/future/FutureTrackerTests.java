package io.github.asynctelemetry.future;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.github.asynctelemetry.lifecycle.UnitLifecycle;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.tracing.UnitSpan;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.github.asynctelemetry.unit.UnitState;
import io.github.asynctelemetry.unit.UnitType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FutureTracker}: no leak, one callback per future, exact active count.
 *
 * @author Async Telemetry team
 */
class FutureTrackerTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final FailureLog failureLog = new FailureLog();

	private final AsyncUnitRecorder recorder = new AsyncUnitRecorder(this.registry, this.failureLog);

	private final FutureTracker tracker = new FutureTracker(new UnitLifecycle(this.recorder, UnitTracer.NOOP));

	private final UnitSource source = this.tracker.getLifecycle().source(UnitType.FUTURE, "Cache.lookup", false);

	private final AsyncUnit unit = this.source.getUnit();

	@Test
	void neverCompletedFuturesAreCollected() {
		List<WeakReference<CompletableFuture<String>>> references = new ArrayList<>();
		for (int i = 0; i < 5_000; i++) {
			CompletableFuture<String> future = new CompletableFuture<>();
			this.tracker.trackOnce(future, this.source);
			references.add(new WeakReference<>(future));
		}
		for (int attempt = 0; attempt < 20 && references.stream().anyMatch((ref) -> ref.get() != null); attempt++) {
			System.gc();
		}
		assertThat(references).allSatisfy((reference) -> assertThat(reference.get()).isNull());
		assertThat(count("finished")).isZero();
		assertThat(this.unit.getActive()).isEqualTo(5_000);
		assertThat(activeGauge()).isEqualTo(5_000);
	}

	@Test
	void activeIsTheFuturesTrackedMinusTheFuturesCompleted() {
		List<CompletableFuture<String>> futures = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			CompletableFuture<String> future = new CompletableFuture<>();
			this.tracker.trackOnce(future, this.source);
			futures.add(future);
		}
		this.tracker.trackOnce(futures.get(0), this.source);
		assertThat(activeGauge()).isEqualTo(10);
		futures.get(0).complete("done");
		futures.get(1).completeExceptionally(new IllegalStateException("failed"));
		futures.get(2).cancel(false);
		futures.get(3).complete("done");
		futures.get(3).complete("again");
		assertThat(this.unit.getActive()).isEqualTo(6);
		assertThat(activeGauge()).isEqualTo(6);
		assertThat(this.unit.getRecorded()).isEqualTo(4);
		this.tracker.trackOnce(CompletableFuture.completedFuture("done"), this.source);
		assertThat(this.unit.getActive()).isEqualTo(6);
		assertThat(this.unit.getRecorded()).isEqualTo(5);
	}

	@Test
	void futureThatRefusesTheCallbackIsNeitherActiveNorRecorded() {
		CompletionStage<String> refusing = new CompletableFuture<>() {

			@Override
			public CompletableFuture<String> whenComplete(BiConsumer<? super String, ? super Throwable> action) {
				throw new UnsupportedOperationException("no callbacks");
			}

		};
		this.tracker.trackNew(refusing, this.source, (failure) -> {
		});
		assertThat(this.unit.getActive()).isZero();
		assertThat(this.unit.getRecorded()).isZero();
		assertThat(this.failureLog.hasFailed()).isTrue();
	}

	@Test
	void tracedFutureIsRecordedWhileItsSpanIsCurrent() {
		List<String> events = new ArrayList<>();
		UnitSpan span = new UnitSpan() {

			@Override
			public Scope makeCurrent() {
				events.add("current");
				return () -> events.add("not current");
			}

			@Override
			public void attribute(String key, double value) {
			}

			@Override
			public void rename(AsyncUnit unit) {
			}

			@Override
			public void abandon() {
			}

			@Override
			public void end(UnitState state, Throwable failure) {
				events.add("ended " + state.tagValue());
			}

		};
		this.registry.config().onMeterAdded((meter) -> events.add("registered " + meter.getId().getName()));
		FutureTracker tracker = new FutureTracker(new UnitLifecycle(this.recorder, (unit) -> span));
		CompletableFuture<String> future = new CompletableFuture<>();
		tracker.trackNew(future, tracker.getLifecycle().source(UnitType.FUTURE, "Cache.lookup", true), (failure) -> {
		});
		events.clear();
		future.complete("done");
		assertThat(events).containsExactly("current", "registered asyncio.process.duration",
				"registered asyncio.process.count", "not current", "ended finished");
	}

	@Test
	void pendingFutureReturnedManyTimesHasOneCallbackAndIsCountedOnce() {
		CompletableFuture<String> future = new CompletableFuture<>();
		for (int i = 0; i < 10_000; i++) {
			this.tracker.trackOnce(future, this.source);
		}
		assertThat(future.getNumberOfDependents()).isLessThan(10);
		future.complete("value");
		assertThat(count("finished")).isEqualTo(1);
	}

	@Test
	void futureCompleteWhenHandedOverIsAUnitEachTimeWithoutACallback() {
		CompletableFuture<String> future = CompletableFuture.completedFuture("cached");
		this.tracker.trackOnce(future, this.source);
		this.tracker.trackOnce(future, this.source);
		assertThat(future.getNumberOfDependents()).isZero();
		assertThat(count("finished")).isEqualTo(2);
		assertThat(this.unit.getActive()).isZero();
		assertThat(this.registry.find("asyncio.process.active").gauges()).isEmpty();
		assertThat(this.registry.get("asyncio.process.duration").timer().totalTime(TimeUnit.NANOSECONDS)).isZero();
	}

	@Test
	void pendingFutureLeavesThePendingSetWhenItCompletes() {
		CompletableFuture<String> future = new CompletableFuture<>();
		this.tracker.trackOnce(future, this.source);
		assertThat(this.tracker.pendingCount()).isEqualTo(1);
		future.complete("value");
		assertThat(this.tracker.pendingCount()).isZero();
		this.tracker.trackOnce(future, this.source);
		assertThat(count("finished")).isEqualTo(2);
	}

	@Test
	void futureThatRefusesTheCallbackLeavesThePendingSet() {
		CompletableFuture<String> refusing = new CompletableFuture<>() {

			@Override
			public CompletableFuture<String> whenComplete(BiConsumer<? super String, ? super Throwable> action) {
				throw new UnsupportedOperationException("no callbacks");
			}

		};
		this.tracker.trackOnce(refusing, this.source);
		assertThat(this.tracker.pendingCount()).isZero();
		assertThat(this.unit.getActive()).isZero();
	}

	@Test
	void completedFutureIsRecordedAtOnce() {
		this.tracker.trackOnce(CompletableFuture.completedFuture("done"), this.source);
		assertThat(count("finished")).isEqualTo(1);
	}

	@Test
	void callbackOfACancelledFutureDoesNotThrow() {
		CompletableFuture<String> future = new CompletableFuture<>();
		FutureTracker failingTracker = new FutureTracker(new UnitLifecycle(this.recorder, (unit) -> {
			throw new IllegalStateException("tracer failed");
		}));
		failingTracker.trackNew(future, failingTracker.getLifecycle().source(UnitType.FUTURE, "Cache.lookup", true),
				(failure) -> {
		});
		assertThat(future.cancel(true)).isTrue();
		assertThat(count("cancelled")).isEqualTo(1);
	}

	private double activeGauge() {
		return this.registry.get("asyncio.process.active").gauge().value();
	}

	private double count(String state) {
		Counter counter = this.registry.find("asyncio.process.count").tag("state", state).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
