package io.github.asynctelemetry.context;

import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * The context of a submitting thread, as {@link ContextCapture} captured it: the
 * non-null value of each accessor, held in an array indexed like the accessors. A worker
 * thread {@linkplain #restore() restores} it for the time of a task and closes the
 * returned scope on the same thread when the task ends, which puts every restored value
 * back as it was.
 * <p>
 * Restoring calls, per captured value, the accessor's {@code getValue()} (the worker's
 * own value) and {@code setValue(value)}; closing calls {@code restore(previous)}, or
 * {@code restore()} where the worker had none, in the reverse order. Accessors without
 * a captured value are not touched. That is what Micrometer's
 * {@code ContextSnapshot.setThreadLocals()} does, except for failures: restoring calls
 * into the application's telemetry back end (restoring an observation opens a scope,
 * which calls every {@code ObservationHandler}), and an accessor that throws half-way may
 * already have made its value current. Its value is then put back at once, with the
 * worker's own value read before, the failure goes to the {@link FailureLog}, the other
 * accessors are still restored, and closing the scope leaves that accessor alone.
 * Nothing here ever throws.
 * <p>
 * A subclass can carry the captured values itself, made by
 * {@link ContextCapture#capture(Factory, boolean)}, where one object less per capture
 * matters.
 *
 * @author Async Telemetry team
 */
public class CapturedContext {

	/**
	 * A context without any value: restoring it touches nothing.
	 */
	public static final CapturedContext EMPTY = new CapturedContext(new ThreadLocalAccessor<?>[0], new Object[0],
			new FailureLog());

	/**
	 * Marks a value restored over a worker that had none, to clear on close.
	 */
	private static final Object NONE = new Object();

	private final ThreadLocalAccessor<?>[] accessors;

	private final @Nullable Object[] values;

	private final FailureLog failureLog;

	/**
	 * Create a captured context, as {@link ContextCapture} does.
	 * @param accessors the accessors of the capture
	 * @param values the value of each accessor, {@code null} for none
	 * @param failureLog where failures of the accessors are logged
	 */
	protected CapturedContext(ThreadLocalAccessor<?>[] accessors, @Nullable Object[] values, FailureLog failureLog) {
		this.accessors = accessors;
		this.values = values;
		this.failureLog = failureLog;
	}

	/**
	 * Make the captured values current on this thread.
	 * @return the scope that puts this thread back as it was; close it on this thread
	 */
	public final Scope restore() {
		if (this.values.length == 0) {
			return Scope.NOOP;
		}
		@Nullable Object[] previous = new Object[this.values.length];
		for (int i = 0; i < this.values.length; i++) {
			Object value = this.values[i];
			if (value != null) {
				previous[i] = restore(accessor(i), value);
			}
		}
		return new RestoredScope(this.accessors, previous, null, this.failureLog);
	}

	/**
	 * Make the captured values current on this thread, and clear the accessors without
	 * a captured value ({@code setValue()}), over whatever is current: the thread as the
	 * capturing thread was, as far as the accessors go, until the returned scope is
	 * closed, on this thread.
	 * <p>
	 * The accessors are cleared first, then the values are made current: a value can
	 * bring what another accessor reads (an observation's scope makes its span current,
	 * which the accessor of spans made current without an observation reads as nothing),
	 * and clearing that accessor after it would take it away again. Closing the scope
	 * puts the values back first, then the cleared accessors.
	 * @return the scope that puts this thread back as it was; close it on this thread
	 */
	public final Scope restoreClearing() {
		@Nullable Object[] previous = new Object[this.accessors.length];
		for (int i = 0; i < this.accessors.length; i++) {
			if (this.values[i] == null) {
				previous[i] = restore(accessor(i), NONE);
			}
		}
		for (int i = 0; i < this.accessors.length; i++) {
			Object value = this.values[i];
			if (value != null) {
				previous[i] = restore(accessor(i), value);
			}
		}
		return new RestoredScope(this.accessors, previous, this.values, this.failureLog);
	}

	/**
	 * Make one value current ({@link #NONE}: clear the accessor), and return what closing
	 * the scope puts back: the worker's value, {@link #NONE} when it had none, or
	 * {@code null} when nothing is to be put back (the accessor failed, and was put back
	 * at once).
	 */
	private @Nullable Object restore(ThreadLocalAccessor<Object> accessor, Object value) {
		Object previous;
		try {
			previous = accessor.getValue();
		}
		catch (Throwable ex) {
			this.failureLog.failed("reading the context '" + accessor.key() + "' of a worker thread", ex);
			return null;
		}
		try {
			if (value == NONE) {
				accessor.setValue();
			}
			else {
				accessor.setValue(value);
			}
			return (previous != null) ? previous : NONE;
		}
		catch (Throwable ex) {
			this.failureLog.failed("restoring the context '" + accessor.key() + "'", ex);
			putBack(accessor, (previous != null) ? previous : NONE, this.failureLog);
			return null;
		}
	}

	@SuppressWarnings("unchecked")
	private ThreadLocalAccessor<Object> accessor(int index) {
		return (ThreadLocalAccessor<Object>) this.accessors[index];
	}

	private static void putBack(ThreadLocalAccessor<Object> accessor, Object previous, FailureLog failureLog) {
		try {
			if (previous == NONE) {
				accessor.restore();
			}
			else {
				accessor.restore(previous);
			}
		}
		catch (Throwable ex) {
			failureLog.failed("putting back the context '" + accessor.key() + "' of a worker thread", ex);
		}
	}

	/**
	 * Makes the object that holds a capture's values.
	 *
	 * @param <C> the type of the object
	 */
	@FunctionalInterface
	public interface Factory<C extends CapturedContext> {

		/**
		 * Make the holder of a capture's values.
		 * @param accessors the accessors of the capture
		 * @param values the value of each accessor, {@code null} for none
		 * @param failureLog where failures of the accessors are logged
		 * @return the holder
		 */
		C create(ThreadLocalAccessor<?>[] accessors, @Nullable Object[] values, FailureLog failureLog);

	}

	/**
	 * The restored context of one task on one thread. Closing it puts the thread back as
	 * it was; it never throws.
	 */
	public interface Scope extends AutoCloseable {

		/**
		 * A scope that restored nothing.
		 */
		Scope NOOP = () -> {
		};

		@Override
		void close();

	}

	/**
	 * The restored context of one task on one thread: puts the restored values back in
	 * the reverse order of their restoring and, for {@link #restoreClearing()}, the
	 * cleared accessors after them, in the reverse order of their clearing.
	 */
	private static final class RestoredScope implements Scope {

		private final ThreadLocalAccessor<?>[] accessors;

		private final @Nullable Object[] previous;

		/**
		 * The captured values of a {@link #restoreClearing()}, whose {@code null}s are
		 * the cleared accessors; {@code null} when nothing was cleared.
		 */
		private final @Nullable Object @Nullable [] clearing;

		private final FailureLog failureLog;

		RestoredScope(ThreadLocalAccessor<?>[] accessors, @Nullable Object[] previous,
				@Nullable Object @Nullable [] clearing, FailureLog failureLog) {
			this.accessors = accessors;
			this.previous = previous;
			this.clearing = clearing;
			this.failureLog = failureLog;
		}

		@Override
		public void close() {
			putBack(true);
			if (this.clearing != null) {
				putBack(false);
			}
		}

		@SuppressWarnings("unchecked")
		private void putBack(boolean restored) {
			@Nullable Object[] clearing = this.clearing;
			for (int i = this.previous.length - 1; i >= 0; i--) {
				Object value = this.previous[i];
				if (value != null && (clearing == null || (clearing[i] != null) == restored)) {
					CapturedContext.putBack((ThreadLocalAccessor<Object>) this.accessors[i], value, this.failureLog);
				}
			}
		}

	}

}
