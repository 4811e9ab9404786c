package io.github.asynctelemetry.tracing;

import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitDocumentation;
import io.github.asynctelemetry.unit.FailureLog;
import io.github.asynctelemetry.unit.UnitState;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link UnitTracer} backed by Micrometer Tracing, and so by the OpenTelemetry SDK that
 * Spring Boot configured (OTLP export included). Failures of the tracer are logged
 * through the {@link FailureLog} and never reach the caller.
 *
 * @author Async Telemetry team
 */
public class MicrometerUnitTracer implements UnitTracer {

	private final Tracer tracer;

	private final FailureLog failureLog;

	/**
	 * Create a tracer.
	 * @param tracer the Micrometer tracer
	 * @param failureLog where failures of the tracer are logged
	 */
	public MicrometerUnitTracer(Tracer tracer, FailureLog failureLog) {
		this.tracer = tracer;
		this.failureLog = failureLog;
	}

	@Override
	public @Nullable UnitSpan start(AsyncUnit unit) {
		try {
			Span span = this.tracer.nextSpan()
				.name(unit.getSpanName())
				.tag(AsyncUnitDocumentation.TYPE_ATTRIBUTE, unit.getType().tagValue())
				.tag(AsyncUnitDocumentation.NAME_ATTRIBUTE, unit.getName())
				.start();
			return new MicrometerUnitSpan(span);
		}
		catch (Throwable ex) {
			this.failureLog.failed("starting a span for " + unit, ex);
			return null;
		}
	}

	private final class MicrometerUnitSpan implements UnitSpan {

		private final Span span;

		MicrometerUnitSpan(Span span) {
			this.span = span;
		}

		@Override
		public Scope makeCurrent() {
			try {
				Tracer.SpanInScope inScope = MicrometerUnitTracer.this.tracer.withSpan(this.span);
				return () -> close(inScope);
			}
			catch (Throwable ex) {
				MicrometerUnitTracer.this.failureLog.failed("making a span current", ex);
				return Scope.NOOP;
			}
		}

		@Override
		public Scope makeNoneCurrent() {
			try {
				Tracer.SpanInScope inScope = MicrometerUnitTracer.this.tracer.withSpan(null);
				return () -> close(inScope);
			}
			catch (Throwable ex) {
				MicrometerUnitTracer.this.failureLog.failed("making no span current", ex);
				return Scope.NOOP;
			}
		}

		private void close(Tracer.SpanInScope inScope) {
			try {
				inScope.close();
			}
			catch (Throwable ex) {
				MicrometerUnitTracer.this.failureLog.failed("closing a span scope", ex);
			}
		}

		@Override
		public void attribute(String key, double value) {
			try {
				this.span.tag(key, value);
			}
			catch (Throwable ex) {
				MicrometerUnitTracer.this.failureLog.failed("tagging a span", ex);
			}
		}

		@Override
		public void rename(AsyncUnit unit) {
			try {
				this.span.name(unit.getSpanName()).tag(AsyncUnitDocumentation.NAME_ATTRIBUTE, unit.getName());
			}
			catch (Throwable ex) {
				MicrometerUnitTracer.this.failureLog.failed("renaming a span", ex);
			}
		}

		@Override
		public void abandon() {
			try {
				this.span.abandon();
			}
			catch (Throwable ex) {
				MicrometerUnitTracer.this.failureLog.failed("abandoning a span", ex);
			}
		}

		@Override
		public void end(UnitState state, @Nullable Throwable failure) {
			try {
				this.span.tag(AsyncUnitDocumentation.STATE_ATTRIBUTE, state.tagValue());
				if (failure != null) {
					this.span.error(UnitState.unwrap(failure));
				}
				this.span.end();
			}
			catch (Throwable ex) {
				MicrometerUnitTracer.this.failureLog.failed("ending a span", ex);
			}
		}

	}

}
