package io.github.asynctelemetry.future;

import java.util.List;

import io.github.asynctelemetry.lifecycle.UnitObservation;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.unit.FailureLog;
import org.jspecify.annotations.Nullable;

/**
 * The lazy publishers that bean methods return as {@code future} units besides
 * {@code CompletionStage}s: Reactor's {@code Mono} and {@code Flux} when Reactor is on
 * the class path, Kotlin's {@code Flow} when Kotlin coroutines are. A publisher does nothing until it is subscribed, so its unit runs
 * from each subscription to that subscription's terminal signal, not from the return.
 * <p>
 * This type names no publisher library, so that the future instrumentation loads
 * without one; an implementation is a bean only when its library is present, and the
 * future instrumentation then also advises the methods declared to return its types.
 *
 * @author Async Telemetry team
 */
public interface PublisherFutures {

	/**
	 * Return the publishers of all the given libraries as one.
	 * @param libraries the trackers of each publisher library
	 * @return the trackers as one, or {@code null} when there is none
	 */
	static @Nullable PublisherFutures of(List<PublisherFutures> libraries) {
		if (libraries.isEmpty()) {
			return null;
		}
		return (libraries.size() == 1) ? libraries.get(0) : new CompositePublisherFutures(libraries);
	}

	/**
	 * Return whether methods declared to return the given type return publishers that
	 * this tracks. Asked once per method, when beans are proxied.
	 * @param returnType the declared return type of a bean method
	 * @return {@code true} when the method's results are tracked here
	 */
	boolean supports(Class<?> returnType);

	/**
	 * Return what the caller gets instead of the publisher a method returned: a
	 * publisher of the declared type that gives every subscriber exactly what the
	 * method's publisher gives it, and is one unit of the given source per subscription.
	 * Called on every call of a supported method; it must not throw.
	 * @param publisher the publisher the method returned, never {@code null}
	 * @param source the source of the method's units
	 * @param failureLog where failures of the instrumentation are logged
	 * @return the publisher to hand to the caller, the given one when it is not tracked
	 */
	Object track(Object publisher, UnitSource source, FailureLog failureLog);

	/**
	 * Return a publisher that gives its first subscriber exactly what the given one
	 * gives it, and ends a unit already started with that subscription's terminal signal;
	 * later subscribers get the given publisher's signals only. It serves a call of a
	 * {@code suspend} function that Spring turned into a publisher, which Spring then
	 * subscribes once. Called once per such call; it must not throw.
	 * @param publisher the publisher
	 * @param observation the unit that the first subscription ends
	 * @param failureLog where failures of the instrumentation are logged
	 * @return the publisher to hand on, or {@code null} when this does not track
	 * publishers of its type
	 */
	default @Nullable Object trackStarted(Object publisher, UnitObservation observation, FailureLog failureLog) {
		return null;
	}

}
