package io.github.asynctelemetry.coroutine;

import io.github.asynctelemetry.context.CapturedContext;
import kotlin.coroutines.AbstractCoroutineContextElement;
import kotlin.coroutines.CoroutineContext;
import kotlinx.coroutines.ThreadContextElement;

/**
 * The context of a {@code suspend} function's call (the caller's context-propagation
 * values, the unit's span), made current on whichever thread the function and the
 * coroutines it starts resume on, and put back when they suspend or end: the same
 * mechanism as Spring Framework's {@code PropagationContextElement}, with the starter's
 * {@link CapturedContext}, which also carries a span made current without an
 * observation. One element per call; a call inside it replaces it in the context of
 * the inner call. Immutable, so that the coroutines that share it may resume on several
 * threads at once.
 *
 * @author Async Telemetry team
 */
final class UnitContextElement extends AbstractCoroutineContextElement
		implements ThreadContextElement<CapturedContext.Scope> {

	static final Key KEY = new Key();

	private final CapturedContext context;

	UnitContextElement(CapturedContext context) {
		super(KEY);
		this.context = context;
	}

	@Override
	public CapturedContext.Scope updateThreadContext(CoroutineContext coroutineContext) {
		return this.context.restore();
	}

	@Override
	public void restoreThreadContext(CoroutineContext coroutineContext, CapturedContext.Scope scope) {
		scope.close();
	}

	@Override
	public String toString() {
		return "AsyncTelemetryContext";
	}

	/**
	 * The key of the element in a coroutine context.
	 */
	static final class Key implements CoroutineContext.Key<UnitContextElement> {

	}

}
