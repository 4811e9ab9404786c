package io.github.asynctelemetry.reactive;

import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.unit.FailureLog;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

/**
 * The {@code Mono} a caller gets: the method's {@code Mono}, one unit per subscription.
 *
 * @param <T> the type of the value
 * @author Async Telemetry team
 */
final class UnitMono<T> extends MonoOperator<T, T> {

	private final UnitSource unitSource;

	private final FailureLog failureLog;

	UnitMono(Mono<? extends T> source, UnitSource unitSource, FailureLog failureLog) {
		super(source);
		this.unitSource = unitSource;
		this.failureLog = failureLog;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		UnitSubscriber.subscribe(this.source, actual, this.unitSource, this.failureLog, true);
	}

}
