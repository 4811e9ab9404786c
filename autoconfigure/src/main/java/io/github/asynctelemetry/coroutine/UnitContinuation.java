package io.github.asynctelemetry.coroutine;

import io.github.asynctelemetry.lifecycle.UnitObservation;
import io.github.asynctelemetry.unit.FailureLog;
import kotlin.ResultKt;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.CoroutineContext;
import kotlin.coroutines.jvm.internal.CoroutineStackFrame;
import org.jspecify.annotations.Nullable;

/**
 * The continuation a {@code suspend} call of a unit is given instead of its caller's:
 * when the call ends after it suspended, the unit is ended first (the outcome read from
 * the result: {@code finished}, or the state of its exception), then the caller resumes
 * with the same result. Its coroutine context is the caller's, with the unit's context
 * element when there is one. It is a {@link CoroutineStackFrame} that leads to the
 * caller's, so that Kotlin's stack-trace recovery sees the same frames as without it.
 *
 * @author Async Telemetry team
 */
final class UnitContinuation implements Continuation<Object>, CoroutineStackFrame {

	private final Continuation<Object> caller;

	private final CoroutineContext context;

	private final UnitObservation observation;

	private final FailureLog failureLog;

	UnitContinuation(Continuation<Object> caller, CoroutineContext context, UnitObservation observation,
			FailureLog failureLog) {
		this.caller = caller;
		this.context = context;
		this.observation = observation;
		this.failureLog = failureLog;
	}

	@Override
	public CoroutineContext getContext() {
		return this.context;
	}

	@Override
	public void resumeWith(Object result) {
		end(failureOf(result));
		this.caller.resumeWith(result);
	}

	/**
	 * End the unit with the given outcome, the first time only.
	 * @param failure what the call threw, or {@code null}
	 */
	void end(@Nullable Throwable failure) {
		try {
			this.observation.finish(failure);
		}
		catch (Throwable ex) {
			this.failureLog.failed("ending the unit of a suspend call", ex);
		}
	}

	@Override
	public @Nullable CoroutineStackFrame getCallerFrame() {
		return (this.caller instanceof CoroutineStackFrame frame) ? frame : null;
	}

	@Override
	public @Nullable StackTraceElement getStackTraceElement() {
		return null;
	}

	/**
	 * Return the exception of a failed Kotlin {@code Result}, or {@code null} for a
	 * value. Kotlin's own check, which throws it.
	 */
	private static @Nullable Throwable failureOf(Object result) {
		try {
			ResultKt.throwOnFailure(result);
			return null;
		}
		catch (Throwable failure) {
			return failure;
		}
	}

}
