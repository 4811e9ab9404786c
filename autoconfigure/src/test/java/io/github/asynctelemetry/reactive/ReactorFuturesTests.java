package io.github.asynctelemetry.reactive;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.asynctelemetry.lifecycle.UnitLifecycle;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.github.asynctelemetry.unit.UnitState;
import io.github.asynctelemetry.unit.UnitType;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link ReactorFutures} without Spring: the publisher handed to the caller,
 * the one outcome of each subscription, and failures of the instrumentation kept away
 * from the subscriber.
 *
 * @author Async Telemetry team
 */
class ReactorFuturesTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final FailureLog failureLog = new FailureLog();

	private final UnitLifecycle lifecycle = new UnitLifecycle(new AsyncUnitRecorder(this.registry, this.failureLog),
			UnitTracer.NOOP);

	private final UnitSource source = this.lifecycle.source(UnitType.FUTURE, Catalog.class, "items", false);

	private final ReactorFutures futures = new ReactorFutures();

	@Test
	void supportsMonoAndFluxDeclaredAsSuchOnly() {
		assertThat(this.futures.supports(Mono.class)).isTrue();
		assertThat(this.futures.supports(Flux.class)).isTrue();
		assertThat(this.futures.supports(Object.class)).isFalse();
		assertThat(this.futures.supports(Mono.just(1).getClass())).isFalse();
	}

	@Test
	void otherResultsAreReturnedUnchanged() {
		Object other = new Object();
		assertThat(this.futures.track(other, this.source, this.failureLog)).isSameAs(other);
	}

	@Test
	void activeWhileSubscribedThenOneOutcome() {
		List<Long> requests = new CopyOnWriteArrayList<>();
		Flux<Integer> numbers = flux(Flux.range(1, 3).doOnRequest(requests::add));
		assertThat(unit().getActive()).isZero();
		StepVerifier.create(numbers, 1)
			.expectNext(1)
			.then(() -> assertThat(unit().getActive()).isEqualTo(1))
			.thenRequest(Long.MAX_VALUE)
			.expectNext(2, 3)
			.verifyComplete();
		assertThat(requests).containsExactly(1L, Long.MAX_VALUE);
		assertThat(unit().getActive()).isZero();
		assertThat(unit().getRecorded()).isEqualTo(1);
		assertThat(unit().getRecorded(UnitState.FINISHED)).isEqualTo(1);
	}

	@Test
	void emptyMonoIsFinished() {
		StepVerifier.create(mono(Mono.empty())).verifyComplete();
		assertThat(unit().getRecorded(UnitState.FINISHED)).isEqualTo(1);
	}

	@Test
	void publisherThatThrowsOnSubscribeIsOneExceptionAndTheSubscriberGetsTheError() {
		IllegalStateException failure = new IllegalStateException("subscribe failed");
		Mono<Integer> throwing = new Mono<>() {

			@Override
			public void subscribe(CoreSubscriber<? super Integer> actual) {
				throw failure;
			}

		};
		StepVerifier.create(mono(throwing))
			.expectErrorSatisfies((ex) -> assertThat(ex).isSameAs(failure))
			.verify(Duration.ofSeconds(5));
		assertThat(unit().getRecorded(UnitState.EXCEPTION)).isEqualTo(1);
		assertThat(unit().getRecorded()).isEqualTo(1);
		assertThat(unit().getActive()).isZero();
	}

	@Test
	void meterRegistryThatThrowsNeverReachesTheSubscriber() {
		this.registry.config().meterFilter(new MeterFilter() {

			@Override
			public Meter.Id map(Meter.Id id) {
				throw new IllegalStateException("registry down");
			}

		});
		StepVerifier.create(mono(Mono.just(1))).expectNext(1).verifyComplete();
		StepVerifier.create(flux(Flux.error(new IllegalArgumentException("boom"))))
			.expectError(IllegalArgumentException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(this.failureLog.hasFailed()).isTrue();
	}

	@Test
	void unitThatCannotStartLeavesTheSubscriptionAsWithoutTheStarter() {
		UnitSource broken = mock(UnitSource.class);
		given(broken.start()).willThrow(new IllegalStateException("cannot start"));
		@SuppressWarnings("unchecked")
		Mono<Integer> tracked = (Mono<Integer>) this.futures.track(Mono.just(1), broken, this.failureLog);
		StepVerifier.create(tracked).expectNext(1).verifyComplete();
		assertThat(this.failureLog.hasFailed()).isTrue();
	}

	@SuppressWarnings("unchecked")
	private <T> Mono<T> mono(Mono<T> mono) {
		return (Mono<T>) this.futures.track(mono, this.source, this.failureLog);
	}

	@SuppressWarnings("unchecked")
	private <T> Flux<T> flux(Flux<T> flux) {
		return (Flux<T>) this.futures.track(flux, this.source, this.failureLog);
	}

	private AsyncUnit unit() {
		return this.source.getUnit();
	}

	static class Catalog {

	}

}
