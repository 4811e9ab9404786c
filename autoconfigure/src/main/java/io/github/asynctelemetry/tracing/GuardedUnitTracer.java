package io.github.asynctelemetry.tracing;

import java.util.function.Supplier;

import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.FailureLog;
import io.github.asynctelemetry.unit.UnitState;
import org.jspecify.annotations.Nullable;

/**
 * A {@link UnitTracer} that keeps the failures of another one (a user's replacement,
 * say) away from user code: whatever the delegate or its spans throw is logged through
 * the {@link FailureLog} and the unit carries on without a span.
 *
 * @author Async Telemetry team
 */
public final class GuardedUnitTracer implements UnitTracer {

	private final UnitTracer delegate;

	private final FailureLog failureLog;

	private GuardedUnitTracer(UnitTracer delegate, FailureLog failureLog) {
		this.delegate = delegate;
		this.failureLog = failureLog;
	}

	/**
	 * Guard the given tracer, unless it starts no span or guards itself (this class and
	 * the starter's {@link MicrometerUnitTracer}), so that the hot path is not guarded
	 * twice.
	 * @param tracer the tracer
	 * @param failureLog where failures are logged
	 * @return a tracer that never throws
	 */
	public static UnitTracer of(UnitTracer tracer, FailureLog failureLog) {
		if (tracer == UnitTracer.NOOP || tracer instanceof GuardedUnitTracer || tracer instanceof MicrometerUnitTracer) {
			return tracer;
		}
		return new GuardedUnitTracer(tracer, failureLog);
	}

	@Override
	public @Nullable UnitSpan start(AsyncUnit unit) {
		try {
			UnitSpan span = this.delegate.start(unit);
			return (span != null) ? new GuardedSpan(span) : null;
		}
		catch (Throwable ex) {
			this.failureLog.failed("starting a span for " + unit, ex);
			return null;
		}
	}

	private final class GuardedSpan implements UnitSpan {

		private final UnitSpan span;

		GuardedSpan(UnitSpan span) {
			this.span = span;
		}

		@Override
		public Scope makeCurrent() {
			return guarded(this.span::makeCurrent, "making a span current");
		}

		@Override
		public Scope makeNoneCurrent() {
			return guarded(this.span::makeNoneCurrent, "making no span current");
		}

		private Scope guarded(Supplier<Scope> opening, String what) {
			try {
				Scope scope = opening.get();
				return () -> {
					try {
						scope.close();
					}
					catch (Throwable ex) {
						GuardedUnitTracer.this.failureLog.failed("closing a span scope", ex);
					}
				};
			}
			catch (Throwable ex) {
				GuardedUnitTracer.this.failureLog.failed(what, ex);
				return Scope.NOOP;
			}
		}

		@Override
		public void attribute(String key, double value) {
			try {
				this.span.attribute(key, value);
			}
			catch (Throwable ex) {
				GuardedUnitTracer.this.failureLog.failed("tagging a span", ex);
			}
		}

		@Override
		public void rename(AsyncUnit unit) {
			try {
				this.span.rename(unit);
			}
			catch (Throwable ex) {
				GuardedUnitTracer.this.failureLog.failed("renaming a span", ex);
			}
		}

		@Override
		public void abandon() {
			try {
				this.span.abandon();
			}
			catch (Throwable ex) {
				GuardedUnitTracer.this.failureLog.failed("abandoning a span", ex);
			}
		}

		@Override
		public void end(UnitState state, @Nullable Throwable failure) {
			try {
				this.span.end(state, failure);
			}
			catch (Throwable ex) {
				GuardedUnitTracer.this.failureLog.failed("ending a span", ex);
			}
		}

	}

}
