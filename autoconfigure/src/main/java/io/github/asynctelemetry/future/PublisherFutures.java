package io.github.asynctelemetry.future;

import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.unit.FailureLog;

/**
 * The lazy publishers that bean methods return as {@code future} units besides
 * {@code CompletionStage}s: Reactor's {@code Mono} and {@code Flux} when Reactor is on
 * the class path. A publisher does nothing until it is subscribed, so its unit runs
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

}
