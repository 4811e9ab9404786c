package io.github.asynctelemetry.coroutine;

import kotlin.coroutines.CoroutineContext;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlin.jvm.functions.Function2;
import org.jspecify.annotations.Nullable;

/**
 * A coroutine context made of another one and a {@link UnitContextElement} after its
 * elements, without copying it: what Kotlin's {@code plus} gives, less the objects that
 * {@code plus} makes to keep the dispatcher last (a lookup of the dispatcher asks the
 * element first, then the other context). Folding sees the other context's elements,
 * then the element, so that Kotlin makes the element's values current after those of
 * the other elements and puts them back first.
 *
 * @author Async Telemetry team
 */
abstract class ElementContext implements CoroutineContext {

	/**
	 * Return the context the element is added to.
	 * @return the other context
	 */
	abstract CoroutineContext left();

	/**
	 * Return the element added.
	 * @return the element
	 */
	abstract UnitContextElement element();

	@Override
	@SuppressWarnings("unchecked")
	public <E extends CoroutineContext.Element> @Nullable E get(CoroutineContext.Key<E> key) {
		return (key == UnitContextElement.KEY) ? (E) element() : left().get(key);
	}

	@Override
	public <R> R fold(R initial, Function2<? super R, ? super CoroutineContext.Element, ? extends R> operation) {
		return operation.invoke(left().fold(initial, operation), element());
	}

	@Override
	public CoroutineContext minusKey(CoroutineContext.Key<?> key) {
		CoroutineContext left = left();
		if (key == UnitContextElement.KEY) {
			return left;
		}
		CoroutineContext rest = left.minusKey(key);
		if (rest == left) {
			return this;
		}
		return (rest == EmptyCoroutineContext.INSTANCE) ? element() : new Derived(rest, element());
	}

	@Override
	public CoroutineContext plus(CoroutineContext context) {
		return CoroutineContext.DefaultImpls.plus(this, context);
	}

	@Override
	public String toString() {
		return "[" + left() + ", " + element() + "]";
	}

	/**
	 * A context derived from another one, with the element.
	 */
	static final class Derived extends ElementContext {

		private final CoroutineContext left;

		private final UnitContextElement element;

		Derived(CoroutineContext left, UnitContextElement element) {
			this.left = left;
			this.element = element;
		}

		@Override
		CoroutineContext left() {
			return this.left;
		}

		@Override
		UnitContextElement element() {
			return this.element;
		}

	}

}
