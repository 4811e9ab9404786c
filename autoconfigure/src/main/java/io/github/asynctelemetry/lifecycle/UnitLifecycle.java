package io.github.asynctelemetry.lifecycle;

import io.github.asynctelemetry.names.UnitNames;
import io.github.asynctelemetry.tracing.GuardedUnitTracer;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.github.asynctelemetry.unit.UnitType;
import io.micrometer.core.instrument.Clock;

/**
 * Where the instrumentation gets the {@link UnitSource} of a method or task name: the
 * meters it records into, whether its units get spans, and the clock that times them
 * (the meter registry's).
 * Every unit kind (an {@code @Async} call, a task, a future) starts and ends its units
 * through a source, and so through one {@link UnitObservation} lifecycle; what is left to
 * each kind is where its units start and what their outcome is.
 * <p>
 * The trace decision is the source's: two classes of the same simple name share the
 * meters of their unit name, but each has its own decision, which the recorder keeps for
 * diagnostics ({@link AsyncUnitRecorder#sources(AsyncUnit)}).
 *
 * @author Async Telemetry team
 */
public final class UnitLifecycle {

	private final AsyncUnitRecorder recorder;

	private final UnitTracer tracer;

	private final Clock clock;

	/**
	 * Create a lifecycle.
	 * @param recorder the meters of every unit
	 * @param tracer the tracer of traced units ({@link UnitTracer#NOOP} for none); guarded
	 * so that its failures never reach the application
	 */
	public UnitLifecycle(AsyncUnitRecorder recorder, UnitTracer tracer) {
		this.recorder = recorder;
		this.tracer = GuardedUnitTracer.of(tracer, recorder.getFailureLog());
		this.clock = recorder.getClock();
	}

	/**
	 * Return the source of the units of a method, named {@code SimpleClassName.method}.
	 * Call it once per {@code Method} and keep the result.
	 * @param type the unit type
	 * @param userClass the user class of the method, never a generated class
	 * @param methodName the method's name
	 * @param traced whether its units get spans
	 * @return the source
	 */
	public UnitSource source(UnitType type, Class<?> userClass, String methodName, boolean traced) {
		return source(type, UnitNames.of(userClass, methodName), userClass.getName() + "." + methodName, traced);
	}

	/**
	 * Return the source of the units of a name that is its own source (a task name).
	 * Call it once per name and keep the result.
	 * @param type the unit type
	 * @param name the unit name
	 * @param traced whether its units get spans
	 * @return the source
	 */
	public UnitSource source(UnitType type, String name, boolean traced) {
		return source(type, name, name, traced);
	}

	private UnitSource source(UnitType type, String name, String qualifiedName, boolean traced) {
		AsyncUnit unit = this.recorder.unit(type, name);
		this.recorder.addSource(unit, qualifiedName, traced);
		return new UnitSource(unit, (traced) ? this.tracer : null, this.clock);
	}

	/**
	 * Return the log that failures of the instrumentation go to.
	 * @return the failure log
	 */
	public FailureLog getFailureLog() {
		return this.recorder.getFailureLog();
	}

	/**
	 * Return the time now on the clock that times units, for the time of an event that
	 * precedes a unit (an {@code @Async} call, for its queue wait).
	 * @return the monotonic time in nanoseconds
	 */
	public long now() {
		return this.clock.monotonicTime();
	}

}
