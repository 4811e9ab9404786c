package io.github.asynctelemetry.coroutine;

import io.github.asynctelemetry.context.CapturedContext;
import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.context.ThreadLocalAccessor;
import kotlin.coroutines.CoroutineContext;
import kotlin.jvm.functions.Function2;
import kotlinx.coroutines.ThreadContextElement;
import org.jspecify.annotations.Nullable;

/**
 * The context of a {@code suspend} call (the caller's context-propagation values, the
 * unit's span), as an element of the function's coroutine context: made current on
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
 * by the end of the resumption, or earlier by the end of the call (see
 * {@link UnitContinuation}).
 *
 * @author Async Telemetry team
 */
final class UnitContextElement extends CapturedContext implements ThreadContextElement<UnitContextElement.Applied> {

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
		Applied current = new Applied(this, restore(), applied.get());
		applied.set(current);
		return current;
	}

	@Override
	public void restoreThreadContext(CoroutineContext coroutineContext, Applied current) {
		current.close();
	}

	/**
	 * Put this element's values back now when a resumption made it current on this
	 * thread last and its values are still the current ones: the code that goes on in
	 * the same resumption is not the call's. When something made other values current
	 * over them since (Reactor delivering a signal in the values of its own context,
	 * another element), they stay, and are put back in order, by the end of the
	 * resumption: scopes are closed in the reverse order of their opening, or not at
	 * all.
	 */
	void putBackIfCurrent() {
		Applied current = applied.get();
		if (current != null && current.element == this && isCurrent()) {
			current.close();
		}
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
	 * An element made current on a thread by one resumption, put back once.
	 */
	static final class Applied {

		final UnitContextElement element;

		private final CapturedContext.Scope scope;

		private final @Nullable Applied previous;

		private boolean closed;

		Applied(UnitContextElement element, CapturedContext.Scope scope, @Nullable Applied previous) {
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
	static final class Key implements CoroutineContext.Key<UnitContextElement> {

	}

}
