package io.github.asynctelemetry.reactive;

import io.github.asynctelemetry.lifecycle.UnitObservation;
import io.github.asynctelemetry.unit.FailureLog;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

/**
 * A {@code Mono} whose subscription ends a unit started before it (the call of a
 * {@code suspend} function that Spring's proxy turned into this {@code Mono} and awaits):
 * the first terminal signal of its subscriptions ends the unit, and every signal passes
 * through unchanged.
 *
 * @param <T> the type of the value
 * @author Async Telemetry team
 */
final class StartedUnitMono<T> extends MonoOperator<T, T> {

	private final UnitObservation observation;

	private final FailureLog failureLog;

	StartedUnitMono(Mono<? extends T> source, UnitObservation observation, FailureLog failureLog) {
		super(source);
		this.observation = observation;
		this.failureLog = failureLog;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		UnitSubscriber.subscribe(this.source, actual, this.observation, this.failureLog, true);
	}

}
