package io.github.asynctelemetry.context;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.context.ContextAccessor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ContextRegistry} that reads the accessors of another registry (the global
 * one) as they are at each capture, followed by a few accessors of its own that the
 * other registry lacks. Registering with the other registry later, as applications and
 * libraries do, is seen at the next capture; nothing is ever registered with it. Every
 * accessor is {@linkplain GuardedThreadLocalAccessor guarded}, so that an accessor that
 * fails while restoring a context leaves the thread as it was.
 *
 * @author Async Telemetry team
 */
final class LayeredContextRegistry extends ContextRegistry {

	private final ContextRegistry base;

	private final List<ThreadLocalAccessor<?>> own;

	private final FailureLog failureLog;

	private volatile @Nullable Layers layers;

	LayeredContextRegistry(ContextRegistry base, List<ThreadLocalAccessor<?>> own, FailureLog failureLog) {
		this.base = base;
		this.own = List.copyOf(own);
		this.failureLog = failureLog;
	}

	@Override
	public List<ThreadLocalAccessor<?>> getThreadLocalAccessors() {
		List<ThreadLocalAccessor<?>> baseAccessors = this.base.getThreadLocalAccessors();
		Layers current = this.layers;
		if (current == null || !current.isOver(baseAccessors)) {
			current = new Layers(baseAccessors, guarded(baseAccessors), guarded(missingFrom(baseAccessors)));
			this.layers = current;
		}
		return current;
	}

	@Override
	public List<ContextAccessor<?, ?>> getContextAccessors() {
		return this.base.getContextAccessors();
	}

	@Override
	public ContextAccessor<?, ?> getContextAccessorForRead(Object context) {
		return this.base.getContextAccessorForRead(context);
	}

	@Override
	public ContextAccessor<?, ?> getContextAccessorForWrite(Object context) {
		return this.base.getContextAccessorForWrite(context);
	}

	private List<ThreadLocalAccessor<?>> guarded(List<ThreadLocalAccessor<?>> accessors) {
		List<ThreadLocalAccessor<?>> guarded = new ArrayList<>(accessors.size());
		for (ThreadLocalAccessor<?> accessor : accessors) {
			guarded.add(new GuardedThreadLocalAccessor<>(accessor, this.failureLog));
		}
		return guarded;
	}

	private List<ThreadLocalAccessor<?>> missingFrom(List<ThreadLocalAccessor<?>> baseAccessors) {
		List<ThreadLocalAccessor<?>> missing = new ArrayList<>(this.own.size());
		for (ThreadLocalAccessor<?> accessor : this.own) {
			boolean present = false;
			for (ThreadLocalAccessor<?> candidate : baseAccessors) {
				present = present || candidate.key().equals(accessor.key());
			}
			if (!present) {
				missing.add(accessor);
			}
		}
		return missing;
	}

	/**
	 * The guarded base accessors followed by the guarded own accessors they lack, built
	 * over the base accessors as they were; rebuilt when those change.
	 */
	private static final class Layers extends AbstractList<ThreadLocalAccessor<?>> {

		private final ThreadLocalAccessor<?>[] over;

		private final List<ThreadLocalAccessor<?>> base;

		private final int baseSize;

		private final List<ThreadLocalAccessor<?>> own;

		Layers(List<ThreadLocalAccessor<?>> over, List<ThreadLocalAccessor<?>> base,
				List<ThreadLocalAccessor<?>> own) {
			this.over = over.toArray(new ThreadLocalAccessor<?>[0]);
			this.base = base;
			this.baseSize = base.size();
			this.own = own;
		}

		/**
		 * Return whether these layers were built over the given base accessors: the same
		 * instances in the same order (a handful of reference comparisons).
		 */
		boolean isOver(List<ThreadLocalAccessor<?>> baseAccessors) {
			if (baseAccessors.size() != this.over.length) {
				return false;
			}
			for (int i = 0; i < this.over.length; i++) {
				if (baseAccessors.get(i) != this.over[i]) {
					return false;
				}
			}
			return true;
		}

		@Override
		public ThreadLocalAccessor<?> get(int index) {
			return (index < this.baseSize) ? this.base.get(index) : this.own.get(index - this.baseSize);
		}

		@Override
		public int size() {
			return this.baseSize + this.own.size();
		}

	}

}
