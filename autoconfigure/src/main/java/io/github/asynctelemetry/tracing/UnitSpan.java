package io.github.asynctelemetry.tracing;

import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.UnitState;
import org.jspecify.annotations.Nullable;

/**
 * A started span of a unit. Implementations never throw.
 *
 * @author Async Telemetry team
 */
public interface UnitSpan {

	/**
	 * Make this span current on the calling thread until the returned scope is closed,
	 * so that spans and log lines made meanwhile are its children.
	 * @return the scope to close
	 */
	Scope makeCurrent();

	/**
	 * Make no span current on the calling thread until the returned scope is closed, for
	 * code that runs where this span is current but is not this unit's (the caller of a
	 * {@code suspend} call, which goes on where the call ended).
	 * @return the scope to close
	 */
	default Scope makeNoneCurrent() {
		return Scope.NOOP;
	}

	/**
	 * Add a numeric attribute.
	 * @param key the attribute key
	 * @param value the value
	 */
	void attribute(String key, double value);

	/**
	 * Give the span the name and name attribute of another unit, for a task whose name is
	 * only known when it starts (an explicit name hidden in a {@code FutureTask}).
	 * @param unit the unit the span now stands for
	 */
	void rename(AsyncUnit unit);

	/**
	 * Drop the span: it is not ended and so never exported, for a unit that turned out
	 * not to be traced when it started. Its scope must be closed first.
	 */
	void abandon();

	/**
	 * End the span with the unit's outcome: the state attribute, and on failure the
	 * exception as an event and an error status.
	 * @param state how the unit ended
	 * @param failure the failure, or {@code null}
	 */
	void end(UnitState state, @Nullable Throwable failure);

	/**
	 * A scope that restores what was current before it was opened.
	 */
	@FunctionalInterface
	interface Scope extends AutoCloseable {

		/**
		 * A scope that restores nothing.
		 */
		Scope NOOP = () -> {
		};

		@Override
		void close();

	}

}
