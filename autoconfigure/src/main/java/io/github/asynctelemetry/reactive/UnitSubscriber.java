package io.github.asynctelemetry.reactive;

import io.github.asynctelemetry.lifecycle.UnitObservation;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.unit.FailureLog;
import io.github.asynctelemetry.unit.UnitState;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CorePublisher;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * One subscription to a method's publisher as one unit: started when the subscriber
 * subscribes, on the subscribing thread (its span a child of the span current there, or
 * of the one in the subscriber's Reactor context),
 * and ended by the first terminal event: the value of a {@code Mono}, completion, an
 * error, or the subscriber's cancellation. Every signal, value and request passes
 * through unchanged and in order, after the unit is ended, so that a subscriber that has
 * seen the terminal signal finds the unit recorded. The subscriber's Reactor context is
 * this subscriber's, so that what the subscriber writes reaches the publisher.
 * <p>
 * Instrumentation failures go to the {@link FailureLog}; a unit that cannot be started
 * leaves the subscription as it would be without the starter.
 *
 * @param <T> the type of the values
 * @author Async Telemetry team
 */
final class UnitSubscriber<T> implements CoreSubscriber<T>, Subscription, Scannable {

	private static final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();

	private final CoreSubscriber<? super T> actual;

	private final UnitObservation observation;

	private final FailureLog failureLog;

	private final boolean mono;

	private @Nullable Subscription upstream;

	private volatile boolean ended;

	private UnitSubscriber(CoreSubscriber<? super T> actual, UnitObservation observation, FailureLog failureLog,
			boolean mono) {
		this.actual = actual;
		this.observation = observation;
		this.failureLog = failureLog;
		this.mono = mono;
	}

	/**
	 * Subscribe the given subscriber to the method's publisher as one unit.
	 * @param <T> the type of the values
	 * @param publisher the method's publisher
	 * @param actual the subscriber
	 * @param unitSource the source of the method's units
	 * @param failureLog where failures of the instrumentation are logged
	 * @param mono whether the publisher is a {@code Mono}, whose value ends the unit
	 */
	static <T> void subscribe(CorePublisher<? extends T> publisher, CoreSubscriber<? super T> actual,
			UnitSource unitSource, FailureLog failureLog, boolean mono) {
		UnitObservation observation;
		try {
			observation = start(unitSource, actual.currentContext());
		}
		catch (Throwable ex) {
			failureLog.failed("starting the unit of a publisher", ex);
			publisher.subscribe(actual);
			return;
		}
		subscribe(publisher, actual, observation, failureLog, mono);
	}

	/**
	 * Subscribe the given subscriber to a publisher whose subscription ends a unit
	 * already started; a unit already ended stays as it was.
	 * @param <T> the type of the values
	 * @param publisher the publisher
	 * @param actual the subscriber
	 * @param observation the unit
	 * @param failureLog where failures of the instrumentation are logged
	 * @param mono whether the publisher is a {@code Mono}, whose value ends the unit
	 */
	static <T> void subscribe(CorePublisher<? extends T> publisher, CoreSubscriber<? super T> actual,
			UnitObservation observation, FailureLog failureLog, boolean mono) {
		UnitSubscriber<T> subscriber = new UnitSubscriber<>(actual, observation, failureLog, mono);
		try {
			publisher.subscribe(subscriber);
		}
		catch (RuntimeException | Error ex) {
			subscriber.end(UnitState.of(ex), ex);
			throw ex;
		}
	}

	/**
	 * Start a unit at subscription, its span a child of the span current there: the
	 * thread's, or the one that the subscriber's Reactor context carries (a WebFlux
	 * request's observation, which is in the Reactor context only), made current for
	 * the start with Micrometer's context-propagation, as Reactor's own operators do.
	 */
	private static UnitObservation start(UnitSource unitSource, ContextView context) {
		if (context.isEmpty()) {
			return unitSource.start();
		}
		try (ContextSnapshot.Scope scope = snapshots.setThreadLocalsFrom(context)) {
			return unitSource.start();
		}
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		if (Operators.validate(this.upstream, subscription)) {
			this.upstream = subscription;
			this.actual.onSubscribe(this);
		}
	}

	@Override
	public void onNext(T value) {
		if (this.mono) {
			end(UnitState.FINISHED, null);
		}
		this.actual.onNext(value);
	}

	@Override
	public void onError(Throwable failure) {
		end(UnitState.of(failure), failure);
		this.actual.onError(failure);
	}

	@Override
	public void onComplete() {
		end(UnitState.FINISHED, null);
		this.actual.onComplete();
	}

	@Override
	public void request(long n) {
		upstream().request(n);
	}

	@Override
	public void cancel() {
		end(UnitState.CANCELLED, null);
		upstream().cancel();
	}

	@Override
	public Context currentContext() {
		return this.actual.currentContext();
	}

	@Override
	public @Nullable Object scanUnsafe(Attr key) {
		if (key == Attr.PARENT) {
			return this.upstream;
		}
		if (key == Attr.ACTUAL) {
			return this.actual;
		}
		if (key == Attr.TERMINATED) {
			return this.ended;
		}
		if (key == Attr.RUN_STYLE) {
			return Attr.RunStyle.SYNC;
		}
		return null;
	}

	private Subscription upstream() {
		Subscription upstream = this.upstream;
		if (upstream == null) {
			throw new IllegalStateException("request or cancel before onSubscribe");
		}
		return upstream;
	}

	/**
	 * End the unit, the first time only: the observation records one outcome.
	 */
	private void end(UnitState state, @Nullable Throwable failure) {
		if (this.ended) {
			return;
		}
		this.ended = true;
		try {
			this.observation.finish(state, failure);
		}
		catch (Throwable ex) {
			this.failureLog.failed("ending the unit of a publisher", ex);
		}
	}

}
