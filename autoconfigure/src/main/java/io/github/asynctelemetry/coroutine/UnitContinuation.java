package io.github.asynctelemetry.coroutine;

import io.github.asynctelemetry.context.CapturedContext;
import io.github.asynctelemetry.lifecycle.UnitObservation;
import kotlin.ResultKt;
import kotlin.coroutines.AbstractCoroutineContextElement;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.CoroutineContext;
import kotlin.coroutines.jvm.internal.CoroutineStackFrame;
import kotlinx.coroutines.ThreadContextElement;
import org.jspecify.annotations.Nullable;

/**
 * The continuation a {@code suspend} call of a unit is given instead of its caller's,
 * and the element of its coroutine context that carries the call's context.
 * <p>
 * As a continuation: when the call ends after it suspended, the unit is ended first (the
 * outcome read from the result: {@code finished}, or the state of its exception), then
 * the caller resumes with the same result. It is a {@link CoroutineStackFrame} that
 * leads to the caller's, so that Kotlin's stack-trace recovery sees the same frames as
 * without it.
 * <p>
 * As a context element, when it was given a context to carry (the caller's
 * context-propagation values, the unit's span): that context is made current on
 * whichever thread the function and the coroutines it starts resume on
 * ({@code withContext(Dispatchers.Default)} included), and put back when they suspend or
 * end; the same mechanism as Spring Framework's {@code PropagationContextElement}, with
 * the starter's {@link CapturedContext}, which also carries a span made current without
 * an observation. A call inside it replaces it in the context of the inner call. It
 * changes nothing after it is made, so that the coroutines that share it may resume on
 * several threads at once. One object for both, as it is made per call.
 *
 * @author Async Telemetry team
 */
final class UnitContinuation extends AbstractCoroutineContextElement
		implements Continuation<Object>, CoroutineStackFrame, ThreadContextElement<UnitContinuation.Applied> {

	static final Key KEY = new Key();

	/**
	 * The context of a call made current on this thread last, by Kotlin's resumption of a
	 * coroutine whose context has this element, and not yet put back.
	 */
	private static final ThreadLocal<@Nullable Applied> applied = new ThreadLocal<>();

	private final Continuation<Object> caller;

	private final UnitObservation observation;

	private final CapturedContext captured;

	private CoroutineContext context;

	private UnitContinuation(Continuation<Object> caller, UnitObservation observation, CapturedContext captured) {
		super(KEY);
		this.caller = caller;
		this.observation = observation;
		this.captured = captured;
		this.context = caller.getContext();
	}

	/**
	 * Return the continuation of a call that ends the given unit, in the caller's
	 * coroutine context with, unless it is empty, the given context to carry.
	 * @param caller the caller's continuation
	 * @param observation the unit of the call
	 * @param captured the context to carry, or {@link CapturedContext#EMPTY}
	 * @return the continuation to call the function with
	 */
	static UnitContinuation of(Continuation<Object> caller, UnitObservation observation, CapturedContext captured) {
		UnitContinuation continuation = new UnitContinuation(caller, observation, captured);
		if (captured != CapturedContext.EMPTY) {
			continuation.context = continuation.context.plus(continuation);
		}
		return continuation;
	}

	@Override
	public CoroutineContext getContext() {
		return this.context;
	}

	/**
	 * End the unit, then resume the caller with the same result. When Kotlin resumed the
	 * function on this thread with this call's context made current, that context is put
	 * back first: the caller goes on here, in the same resumption, and must find the
	 * thread as it was before the function's context was made current, as it does after
	 * a {@code withContext} block (whose coroutine does the same), not the function's
	 * span.
	 */
	@Override
	public void resumeWith(Object result) {
		end(failureOf(result));
		Applied current = applied.get();
		if (current != null && current.element == this) {
			current.close();
		}
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
			this.observation.getSource().getUnit().getFailureLog().failed("ending the unit of a suspend call", ex);
		}
	}

	@Override
	public Applied updateThreadContext(CoroutineContext coroutineContext) {
		Applied current = new Applied(this, this.captured.restore(), applied.get());
		applied.set(current);
		return current;
	}

	@Override
	public void restoreThreadContext(CoroutineContext coroutineContext, Applied current) {
		current.close();
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

	/**
	 * A call's context made current on a thread by one resumption, put back once: by the
	 * end of the resumption, or earlier by the call's end.
	 */
	static final class Applied {

		final UnitContinuation element;

		private final CapturedContext.Scope scope;

		private final @Nullable Applied previous;

		private boolean closed;

		Applied(UnitContinuation element, CapturedContext.Scope scope, @Nullable Applied previous) {
			this.element = element;
			this.scope = scope;
			this.previous = previous;
		}

		void close() {
			if (!this.closed) {
				this.closed = true;
				this.scope.close();
				applied.set(this.previous);
			}
		}

	}

	/**
	 * The key of the element in a coroutine context.
	 */
	static final class Key implements CoroutineContext.Key<UnitContinuation> {

	}

}
