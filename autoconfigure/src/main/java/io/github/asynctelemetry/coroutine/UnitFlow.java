package io.github.asynctelemetry.coroutine;

import io.github.asynctelemetry.context.CapturedContext;
import io.github.asynctelemetry.lifecycle.UnitObservation;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.unit.FailureLog;
import kotlin.Unit;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.intrinsics.IntrinsicsKt;
import kotlinx.coroutines.flow.Flow;
import kotlinx.coroutines.flow.FlowCollector;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Flow} a caller gets: the method's flow, one unit per collection. A
 * collection starts the unit (its span, if traced, a child of the span current there)
 * and collects the method's flow with the same collector and a {@link UnitContinuation}
 * in the same coroutine context, which ends the unit when the collection ends after
 * suspending; one that ends without suspending ends it at once.
 *
 * @param <T> the type of the values
 * @author Async Telemetry team
 */
final class UnitFlow<T> implements Flow<T> {

	private final Flow<T> flow;

	private final UnitSource source;

	private final FailureLog failureLog;

	UnitFlow(Flow<T> flow, UnitSource source, FailureLog failureLog) {
		this.flow = flow;
		this.source = source;
		this.failureLog = failureLog;
	}

	@Override
	@SuppressWarnings("unchecked")
	public @Nullable Object collect(FlowCollector<? super T> collector, Continuation<? super Unit> completion) {
		UnitContinuation continuation;
		try {
			UnitObservation observation = this.source.start();
			continuation = UnitContinuation.of((Continuation<Object>) completion, observation, CapturedContext.EMPTY);
		}
		catch (Throwable ex) {
			this.failureLog.failed("starting the unit of a flow", ex);
			return this.flow.collect(collector, completion);
		}
		Object result;
		try {
			result = this.flow.collect(collector, continuation);
		}
		catch (Throwable ex) {
			continuation.end(ex);
			throw ex;
		}
		if (result != IntrinsicsKt.getCOROUTINE_SUSPENDED()) {
			continuation.end(null);
		}
		return result;
	}

	@Override
	public String toString() {
		return this.flow.toString();
	}

}
