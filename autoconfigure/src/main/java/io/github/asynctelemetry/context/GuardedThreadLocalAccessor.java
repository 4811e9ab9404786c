package io.github.asynctelemetry.context;

import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ThreadLocalAccessor} that keeps the failures of another one away from the
 * thread it restores a context on. Restoring a context on a worker thread calls into the
 * application's telemetry back end (restoring an observation opens a scope, which calls
 * every {@code ObservationHandler}); when that throws half-way, the accessor may already
 * have made its value current. This accessor then puts the thread back as it was
 * through the accessor's own {@code restore}, logs the failure through the
 * {@link FailureLog} and returns normally, so that the other accessors are still
 * restored, and the snapshot's scope does not undo the same value a second time when
 * the task ends. Failures while putting a worker's context back are logged the same way.
 * <p>
 * Cost: one extra {@code getValue()} and two thread-local reads per restored value.
 *
 * @param <V> the type of the value
 * @author Async Telemetry team
 */
final class GuardedThreadLocalAccessor<V> implements ThreadLocalAccessor<V> {

	private final ThreadLocalAccessor<V> delegate;

	private final FailureLog failureLog;

	private final ThreadLocal<@Nullable Boolean> undone = new ThreadLocal<>();

	GuardedThreadLocalAccessor(ThreadLocalAccessor<V> delegate, FailureLog failureLog) {
		this.delegate = delegate;
		this.failureLog = failureLog;
	}

	@Override
	public Object key() {
		return this.delegate.key();
	}

	@Override
	public @Nullable V getValue() {
		try {
			return this.delegate.getValue();
		}
		catch (Throwable ex) {
			this.failureLog.failed("reading the context '" + key() + "'", ex);
			return null;
		}
	}

	@Override
	public void setValue(V value) {
		V previous = getValue();
		try {
			this.delegate.setValue(value);
		}
		catch (Throwable ex) {
			this.failureLog.failed("restoring the context '" + key() + "'", ex);
			undo(previous);
			this.undone.set(Boolean.TRUE);
		}
	}

	@Override
	public void setValue() {
		V previous = getValue();
		try {
			this.delegate.setValue();
		}
		catch (Throwable ex) {
			this.failureLog.failed("clearing the context '" + key() + "'", ex);
			undo(previous);
			this.undone.set(Boolean.TRUE);
		}
	}

	@Override
	@Deprecated
	public void reset() {
		setValue();
	}

	@Override
	public void restore(V previousValue) {
		if (wasUndone()) {
			return;
		}
		try {
			this.delegate.restore(previousValue);
		}
		catch (Throwable ex) {
			this.failureLog.failed("putting back the context '" + key() + "' of a worker thread", ex);
		}
	}

	@Override
	public void restore() {
		if (wasUndone()) {
			return;
		}
		try {
			this.delegate.restore();
		}
		catch (Throwable ex) {
			this.failureLog.failed("putting back the context '" + key() + "' of a worker thread", ex);
		}
	}

	/**
	 * Undo a {@code setValue} that failed half-way, the way the snapshot's scope would
	 * have undone it had it succeeded.
	 */
	private void undo(@Nullable V previous) {
		try {
			if (previous != null) {
				this.delegate.restore(previous);
			}
			else {
				this.delegate.restore();
			}
		}
		catch (Throwable ex) {
			this.failureLog.failed("putting back the context '" + key() + "' of a worker thread", ex);
		}
	}

	private boolean wasUndone() {
		if (this.undone.get() == null) {
			return false;
		}
		this.undone.remove();
		return true;
	}

	@Override
	public String toString() {
		return "Guarded " + this.delegate;
	}

}
