package io.github.asynctelemetry.reactive;

import io.github.asynctelemetry.future.PublisherFutures;
import io.github.asynctelemetry.lifecycle.UnitObservation;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.unit.FailureLog;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes the {@link Mono} and {@link Flux} that bean methods return {@code future} units:
 * one unit per subscription, from the subscription to its terminal signal.
 * <ul>
 * <li>{@code finished}: the publisher completed; for a {@code Mono}, also its value, as
 * Reactor's own metrics count it, so that a subscriber that cancels once it has the
 * value (as {@code next()} does) does not turn a success into a cancellation.</li>
 * <li>{@code exception}, or {@code timeout} for a {@code TimeoutException}: the
 * publisher signalled that error.</li>
 * <li>{@code cancelled}: the subscriber cancelled first ({@code dispose()},
 * {@code take(n)}, or a {@code timeout(...)} that the subscriber applied downstream,
 * which cancels the publisher).</li>
 * </ul>
 * A publisher never subscribed is no unit; one subscribed twice is two units.
 * <p>
 * The caller gets a publisher of the declared type: a {@code Mono} or {@code Flux}
 * operator ({@code MonoOperator}/{@code FluxOperator}, Reactor's public base classes
 * for operators) made once per call, which subscribes one small subscriber per
 * subscription between the subscriber and the method's publisher. That subscriber
 * passes every value, signal and request through unchanged, and answers the
 * subscriber's Reactor context as its own, so that {@code contextWrite} downstream
 * reaches the method's publisher. It is chosen over {@code Mono.defer} with
 * {@code doOnSubscribe}/{@code doFinally}, which assemble several operators per
 * subscription and see no error instance in {@code doFinally}, and over
 * {@code Operators.lift}, whose fuseable variant adds a wrapper per subscription to
 * suppress fusion. Not being fuseable, the operator turns off fusion across itself
 * only, which changes no value, signal or demand. No reflection, lookup or string
 * building happens per call or subscription.
 * <p>
 * The {@code Mono} through which Spring's proxy calls a Kotlin {@code suspend} function
 * (with {@code kotlinx-coroutines-reactor} on the class path) ends the call's
 * {@code coroutine} unit, started at the call, with the same subscriber.
 *
 * @author Async Telemetry team
 */
public final class ReactorFutures implements PublisherFutures {

	@Override
	public boolean supports(Class<?> returnType) {
		return returnType == Mono.class || returnType == Flux.class;
	}

	@Override
	public Object track(Object publisher, UnitSource source, FailureLog failureLog) {
		if (publisher instanceof Mono<?> mono) {
			return new UnitMono<>(mono, source, failureLog);
		}
		if (publisher instanceof Flux<?> flux) {
			return new UnitFlux<>(flux, source, failureLog);
		}
		return publisher;
	}

	@Override
	public @Nullable Object trackStarted(Object publisher, UnitObservation observation, FailureLog failureLog) {
		return (publisher instanceof Mono<?> mono) ? new StartedUnitMono<>(mono, observation, failureLog) : null;
	}

}
