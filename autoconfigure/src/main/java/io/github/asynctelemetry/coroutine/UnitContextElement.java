package io.github.asynctelemetry.coroutine;

import io.github.asynctelemetry.context.CapturedContext;
import io.github.asynctelemetry.lifecycle.UnitObservation;
import io.github.asynctelemetry.tracing.UnitSpan;
import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.context.ThreadLocalAccessor;
import kotlin.coroutines.CoroutineContext;
import kotlin.jvm.functions.Function2;
import kotlinx.coroutines.ThreadContextElement;
import org.jspecify.annotations.Nullable;

/**
 * The context of a {@code suspend} call (the caller's context-propagation values, and the
 * unit's span for a traced unit: {@link Traced}), as an element of the function's coroutine context: made current on
 * whichever thread the function and the coroutines it starts resume on
 * ({@code withContext(Dispatchers.Default)} included), and put back when they suspend or
 * end. The same mechanism as Spring Framework's {@code PropagationContextElement}, with
 * the starter's {@link CapturedContext} (which also carries a span made current without
 * an observation), whose values it holds itself: one object per call, made only when
 * there is a value to carry. An element of an inner call replaces it in the inner call's
 * context. It changes nothing after it is made, so that the coroutines that share it
 * may resume on several threads at once.
 * <p>
 * Each resumption that makes it current is an {@link Applied} of this thread, put back
 * by the end of the resumption; while it is, the caller of a call that ends there goes on
 * in its own context (see {@link UnitContinuation}).
 *
 * @author Async Telemetry team
 */
class UnitContextElement extends CapturedContext implements ThreadContextElement<UnitContextElement.Applied> {

	static final Key KEY = new Key();

	/**
	 * The element made current on this thread last by a resumption, and not yet put
	 * back.
	 */
	private static final ThreadLocal<@Nullable Applied> applied = new ThreadLocal<>();

	UnitContextElement(ThreadLocalAccessor<?>[] accessors, @Nullable Object[] values, FailureLog failureLog) {
		super(accessors, values, failureLog);
	}

	@Override
	public Applied updateThreadContext(CoroutineContext coroutineContext) {
		CapturedContext.Scope callers = restore();
		Applied current = new Applied(this, callers, makeUnitCurrent(), applied.get());
		applied.set(current);
		return current;
	}

	@Override
	public void restoreThreadContext(CoroutineContext coroutineContext, Applied current) {
		current.close();
	}

	/**
	 * Make the caller's context current, over the call's, for the caller of the call,
	 * which goes on in the same resumption once the call ends, when a resumption made
	 * this element current on this thread last: the caller's code is not the call's. It
	 * is made current over everything, not by putting the element's values back early,
	 * so that every scope is still closed in the reverse order of its opening (Reactor
	 * delivering a signal in the values of its own context, or another element, may have
	 * opened some over the element's since).
	 * @return the scope to close, on this thread, once the caller has gone on
	 */
	CapturedContext.Scope restoreForCaller() {
		return isAppliedHere() ? restoreClearing() : CapturedContext.Scope.NOOP;
	}

	/**
	 * Return whether a resumption made this element current on this thread last.
	 * @return whether the element is current here
	 */
	final boolean isAppliedHere() {
		Applied current = applied.get();
		return current != null && current.element == this;
	}

	/**
	 * Return the scope that makes the unit's span current where the element is, after the
	 * caller's context: none for an untraced unit.
	 * @return the scope to close
	 */
	UnitSpan.Scope makeUnitCurrent() {
		return UnitSpan.Scope.NOOP;
	}

	@Override
	public CoroutineContext.Key<?> getKey() {
		return KEY;
	}

	@Override
	public <E extends CoroutineContext.Element> @Nullable E get(CoroutineContext.Key<E> key) {
		return CoroutineContext.Element.DefaultImpls.get(this, key);
	}

	@Override
	public <R> R fold(R initial, Function2<? super R, ? super CoroutineContext.Element, ? extends R> operation) {
		return CoroutineContext.Element.DefaultImpls.fold(this, initial, operation);
	}

	@Override
	public CoroutineContext minusKey(CoroutineContext.Key<?> key) {
		return CoroutineContext.Element.DefaultImpls.minusKey(this, key);
	}

	@Override
	public CoroutineContext plus(CoroutineContext context) {
		return CoroutineContext.Element.DefaultImpls.plus(this, context);
	}

	@Override
	public String toString() {
		return "AsyncTelemetryContext";
	}

	/**
	 * An element made current on a thread by one resumption.
	 */
	static final class Applied {

		final UnitContextElement element;

		private final CapturedContext.Scope scope;

		private final UnitSpan.Scope unit;

		private final @Nullable Applied previous;

		Applied(UnitContextElement element, CapturedContext.Scope scope, UnitSpan.Scope unit,
				@Nullable Applied previous) {
			this.element = element;
			this.scope = scope;
			this.unit = unit;
			this.previous = previous;
		}

		void close() {
			this.unit.close();
			this.scope.close();
			applied.set(this.previous);
		}

	}

	/**
	 * The key of the element in a coroutine context.
	 */
	static final class Key implements CoroutineContext.Key<UnitContextElement> {

	}

	/**
	 * The element of a traced unit: the caller's context, then the unit's span.
	 */
	static final class Traced extends UnitContextElement {

		private final UnitObservation unit;

		Traced(ThreadLocalAccessor<?>[] accessors, @Nullable Object[] values, FailureLog failureLog,
				UnitObservation unit) {
			super(accessors, values, failureLog);
			this.unit = unit;
		}

		@Override
		UnitSpan.Scope makeUnitCurrent() {
			return this.unit.makeCurrent();
		}

		/**
		 * Make the caller's context current as an untraced element does, over no span at
		 * all: a caller that had none must not find the unit's.
		 */
		@Override
		CapturedContext.Scope restoreForCaller() {
			if (!isAppliedHere()) {
				return CapturedContext.Scope.NOOP;
			}
			UnitSpan.Scope noSpan = this.unit.makeNoSpanCurrent();
			CapturedContext.Scope callers = restoreClearing();
			return () -> {
				callers.close();
				noSpan.close();
			};
		}

	}

}
