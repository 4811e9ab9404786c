package io.github.asynctelemetry.context;

import java.util.ArrayList;
import java.util.List;

import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Captures the submitting thread's context (Micrometer context-propagation: the current
 * observation, the current span, MDC and any other registered thread-local) so that a
 * worker thread can {@linkplain CapturedContext#restore() restore} it and leave itself
 * clean when the scope closes.
 * <p>
 * The starter's instance reads the accessors of the global {@link ContextRegistry} as
 * they are at each capture plus, when Micrometer Tracing is present, one for spans made
 * current without an observation ({@code tracer.withSpan(span)}), which the global
 * registry does not propagate by default. Registering with the global registry later, as
 * applications and libraries do, is seen at the next capture; the global registry is
 * never modified.
 * <p>
 * It does what Micrometer's {@code ContextSnapshotFactory.captureAll()} and
 * {@code ContextSnapshot.setThreadLocals()} do for thread-locals, with the same accessor
 * calls in the same order, but holds the values in an array indexed like the accessors
 * instead of a map keyed by accessor key, and keeps a failing accessor away from the
 * thread (see {@link CapturedContext}). Cost of a capture: one {@code getValue()} per
 * accessor, a few reference comparisons to notice a change of the global registry, and
 * one small array and snapshot when any value is present, none otherwise.
 *
 * @author Async Telemetry team
 */
public final class ContextCapture {

	private static final ThreadLocalAccessor<?>[] NO_ACCESSORS = new ThreadLocalAccessor<?>[0];

	private final ContextRegistry base;

	private final List<ThreadLocalAccessor<?>> own;

	private final FailureLog failureLog;

	private volatile @Nullable Accessors accessors;

	private ContextCapture(ContextRegistry base, List<ThreadLocalAccessor<?>> own, FailureLog failureLog) {
		this.base = base;
		this.own = own;
		this.failureLog = failureLog;
	}

	/**
	 * Create a capture that reads the accessors of the global registry and the given
	 * additional ones, and logs their failures through a log of its own.
	 * @param additional accessors to add unless the global registry has one with the
	 * same key
	 * @return the capture
	 */
	public static ContextCapture of(ThreadLocalAccessor<?>... additional) {
		return of(new FailureLog(), additional);
	}

	/**
	 * Create a capture that reads the accessors of the global registry and the given
	 * additional ones. An accessor that fails while a context is captured, restored or
	 * put back (an {@code ObservationHandler} that throws when the observation's scope
	 * opens, say) leaves the thread as it was, and the failure goes to the given log, so
	 * that the task runs and the worker thread is left clean.
	 * @param failureLog where failures of the accessors are logged
	 * @param additional accessors to add unless the global registry has one with the
	 * same key
	 * @return the capture
	 */
	public static ContextCapture of(FailureLog failureLog, ThreadLocalAccessor<?>... additional) {
		return new ContextCapture(ContextRegistry.getInstance(), List.of(additional), failureLog);
	}

	/**
	 * Capture the current thread's context. Never throws: a failing accessor is logged
	 * and its value left out.
	 * @return the captured context, to restore on the worker thread
	 */
	public CapturedContext capture() {
		CapturedContext captured = capture(CapturedContext::new, false);
		return (captured != null) ? captured : CapturedContext.EMPTY;
	}

	/**
	 * Capture the current thread's context into an object of the given factory, as
	 * {@link #capture()} does, without making one when there is nothing to capture
	 * unless asked to.
	 * @param <C> the type of the holder
	 * @param factory makes the holder of the values
	 * @param always whether to make the holder when no accessor has a value
	 * @return the captured context, or {@code null} when no accessor has a value and
	 * none was to be made always
	 */
	public <C extends CapturedContext> @Nullable C capture(CapturedContext.Factory<C> factory, boolean always) {
		ThreadLocalAccessor<?>[] current;
		try {
			current = accessors();
		}
		catch (Throwable ex) {
			this.failureLog.failed("reading the context accessors", ex);
			current = NO_ACCESSORS;
		}
		@Nullable Object[] values = null;
		for (int i = 0; i < current.length; i++) {
			Object value = read(current[i]);
			if (value != null) {
				if (values == null) {
					values = new Object[current.length];
				}
				values[i] = value;
			}
		}
		if (values == null) {
			return always ? factory.create(current, new Object[current.length], this.failureLog) : null;
		}
		return factory.create(current, values, this.failureLog);
	}

	private @Nullable Object read(ThreadLocalAccessor<?> accessor) {
		try {
			return accessor.getValue();
		}
		catch (Throwable ex) {
			this.failureLog.failed("reading the context '" + accessor.key() + "'", ex);
			return null;
		}
	}

	/**
	 * Return the accessors of the global registry followed by the own accessors it
	 * lacks, rebuilt when the global registry's accessors changed.
	 */
	private ThreadLocalAccessor<?>[] accessors() {
		List<ThreadLocalAccessor<?>> baseAccessors = this.base.getThreadLocalAccessors();
		Accessors current = this.accessors;
		if (current == null || !current.isOver(baseAccessors)) {
			current = new Accessors(baseAccessors, this.own);
			this.accessors = current;
		}
		return current.all;
	}

	/**
	 * The accessors to capture, built over the global registry's accessors as they were.
	 */
	private static final class Accessors {

		private final ThreadLocalAccessor<?>[] over;

		final ThreadLocalAccessor<?>[] all;

		Accessors(List<ThreadLocalAccessor<?>> base, List<ThreadLocalAccessor<?>> own) {
			this.over = base.toArray(new ThreadLocalAccessor<?>[0]);
			List<ThreadLocalAccessor<?>> all = new ArrayList<>(base.size() + own.size());
			all.addAll(List.of(this.over));
			for (ThreadLocalAccessor<?> accessor : own) {
				if (!hasKey(this.over, accessor.key())) {
					all.add(accessor);
				}
			}
			this.all = all.toArray(new ThreadLocalAccessor<?>[0]);
		}

		private static boolean hasKey(ThreadLocalAccessor<?>[] accessors, Object key) {
			for (ThreadLocalAccessor<?> accessor : accessors) {
				if (accessor.key().equals(key)) {
					return true;
				}
			}
			return false;
		}

		/**
		 * Return whether these accessors were built over the given ones: the same
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

	}

}
