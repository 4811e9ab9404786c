package io.github.asynctelemetry.task;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.asynctelemetry.tracing.UnitSpan;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.UnitState;
import io.micrometer.context.ContextRegistry;
import org.jspecify.annotations.Nullable;

/**
 * A {@link UnitTracer} that records the spans it starts and which one is current.
 */
class RecordingTracer implements UnitTracer {

	private static final String ACCESSOR_KEY = RecordingTracer.class.getName();

	private static final ThreadLocal<@Nullable RecordedSpan> current = new ThreadLocal<>();

	final List<RecordedSpan> spans = new CopyOnWriteArrayList<>();

	@Override
	public UnitSpan start(AsyncUnit unit) {
		RecordedSpan span = new RecordedSpan(unit.getSpanName(), current.get());
		this.spans.add(span);
		return span;
	}

	static @Nullable RecordedSpan current() {
		return current.get();
	}

	/**
	 * Propagate the current recorded span through the global context registry until
	 * the returned registration is closed.
	 * @return the registration to close
	 */
	static AutoCloseable propagate() {
		ContextRegistry.getInstance().registerThreadLocalAccessor(ACCESSOR_KEY, current);
		return () -> ContextRegistry.getInstance().removeThreadLocalAccessor(ACCESSOR_KEY);
	}

	static final class RecordedSpan implements UnitSpan {

		volatile String name;

		final @Nullable RecordedSpan parent;

		volatile @Nullable UnitState state;

		volatile @Nullable Throwable failure;

		volatile boolean abandoned;

		RecordedSpan(String name, @Nullable RecordedSpan parent) {
			this.name = name;
			this.parent = parent;
		}

		@Override
		public Scope makeCurrent() {
			RecordedSpan previous = current.get();
			current.set(this);
			return () -> current.set(previous);
		}

		@Override
		public void attribute(String key, double value) {
		}

		@Override
		public void rename(AsyncUnit unit) {
			this.name = unit.getSpanName();
		}

		@Override
		public void abandon() {
			this.abandoned = true;
		}

		@Override
		public void end(UnitState state, @Nullable Throwable failure) {
			this.state = state;
			this.failure = failure;
		}

	}

}
