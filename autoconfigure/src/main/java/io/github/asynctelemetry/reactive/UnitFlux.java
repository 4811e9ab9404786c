package io.github.asynctelemetry.reactive;

import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.unit.FailureLog;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;

/**
 * The {@code Flux} a caller gets: the method's {@code Flux}, one unit per subscription.
 *
 * @param <T> the type of the values
 * @author Async Telemetry team
 */
final class UnitFlux<T> extends FluxOperator<T, T> {

	private final UnitSource unitSource;

	private final FailureLog failureLog;

	UnitFlux(Flux<? extends T> source, UnitSource unitSource, FailureLog failureLog) {
		super(source);
		this.unitSource = unitSource;
		this.failureLog = failureLog;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		UnitSubscriber.subscribe(this.source, actual, this.unitSource, this.failureLog, false);
	}

}
