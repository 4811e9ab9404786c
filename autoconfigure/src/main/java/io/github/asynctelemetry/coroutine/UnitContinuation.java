package io.github.asynctelemetry.coroutine;

import io.github.asynctelemetry.context.CapturedContext;
import io.github.asynctelemetry.lifecycle.UnitObservation;
import kotlin.ResultKt;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.CoroutineContext;
import kotlin.coroutines.jvm.internal.CoroutineStackFrame;
import org.jspecify.annotations.Nullable;

/**
 * The continuation a {@code suspend} call of a unit is given instead of its caller's:
 * when the call ends after it suspended, the unit is ended first (the outcome read from
 * the result: {@code finished}, or the state of its exception), then the caller resumes
 * with the same result. It is a {@link CoroutineStackFrame} that leads to the caller's,
 * so that Kotlin's stack-trace recovery sees the same frames as without it.
 * <p>
 * With a {@link UnitContextElement} to carry, it is also its own coroutine context: the
 * caller's (less the element of an outer call, which the new one replaces) with the
 * element after it, which is all the function and the coroutines it starts see. One
 * object, as it is made per call. When Kotlin resumed the function on this thread with
 * the element current and the call ends, the caller's own context is made current over
 * it while the caller goes on ({@link UnitContextElement#restoreForCaller()}): the caller
 * goes on in the same resumption and must find its own context, as it does after a
 * {@code withContext} block, not the function's span.
 *
 * @author Async Telemetry team
 */
final class UnitContinuation extends ElementContext implements Continuation<Object>, CoroutineStackFrame {

	private final Continuation<Object> caller;

	private final UnitObservation observation;

	private final @Nullable UnitContextElement element;

	private final CoroutineContext left;

	/**
	 * Create the continuation of a call that ends the given unit.
	 * @param caller the caller's continuation
	 * @param observation the unit of the call
	 * @param element the context to carry, or {@code null} to run in the caller's
	 * coroutine context as it is
	 */
	UnitContinuation(Continuation<Object> caller, UnitObservation observation, @Nullable UnitContextElement element) {
		this.caller = caller;
		this.observation = observation;
		this.element = element;
		CoroutineContext context = caller.getContext();
		this.left = (element != null && context.get(UnitContextElement.KEY) != null)
				? context.minusKey(UnitContextElement.KEY) : context;
	}

	@Override
	public CoroutineContext getContext() {
		return (this.element != null) ? this : this.left;
	}

	@Override
	CoroutineContext left() {
		return this.left;
	}

	@Override
	UnitContextElement element() {
		UnitContextElement element = this.element;
		if (element == null) {
			throw new IllegalStateException("No element: the context is the caller's");
		}
		return element;
	}

	@Override
	public void resumeWith(Object result) {
		end(failureOf(result));
		CapturedContext.Scope callers = (this.element != null) ? this.element.restoreForCaller()
				: CapturedContext.Scope.NOOP;
		try {
			this.caller.resumeWith(result);
		}
		finally {
			callers.close();
		}
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
			this.observation.getSource().getUnit().getFailureLog().failed("ending the unit of a suspend call", ex);
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

	@Override
	public String toString() {
		return "AsyncTelemetry(" + this.observation + ")";
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
