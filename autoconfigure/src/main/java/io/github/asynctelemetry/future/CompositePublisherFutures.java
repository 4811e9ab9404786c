package io.github.asynctelemetry.future;

import java.util.List;

import io.github.asynctelemetry.lifecycle.UnitObservation;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.unit.FailureLog;
import org.jspecify.annotations.Nullable;

/**
 * The publishers of several libraries (Reactor and Kotlin coroutines): each publisher
 * goes to the first library that tracks it.
 *
 * @author Async Telemetry team
 */
final class CompositePublisherFutures implements PublisherFutures {

	private final PublisherFutures[] libraries;

	CompositePublisherFutures(List<PublisherFutures> libraries) {
		this.libraries = libraries.toArray(new PublisherFutures[0]);
	}

	@Override
	public boolean supports(Class<?> returnType) {
		for (PublisherFutures library : this.libraries) {
			if (library.supports(returnType)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public Object track(Object publisher, UnitSource source, FailureLog failureLog) {
		for (PublisherFutures library : this.libraries) {
			Object tracked = library.track(publisher, source, failureLog);
			if (tracked != publisher) {
				return tracked;
			}
		}
		return publisher;
	}

	@Override
	public @Nullable Object trackStarted(Object publisher, UnitObservation observation, FailureLog failureLog) {
		for (PublisherFutures library : this.libraries) {
			Object tracked = library.trackStarted(publisher, observation, failureLog);
			if (tracked != null) {
				return tracked;
			}
		}
		return null;
	}

}
