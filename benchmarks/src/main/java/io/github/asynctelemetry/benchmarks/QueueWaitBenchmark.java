package io.github.asynctelemetry.benchmarks;

import java.util.concurrent.TimeUnit;

import io.github.asynctelemetry.lifecycle.UnitLifecycle;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.github.asynctelemetry.unit.UnitType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the meter {@code asyncio.process.queue_wait} on one untraced unit's
 * lifecycle, start to finish: {@code withoutQueueWait} is a unit that ran on its
 * submitting thread (no sample), {@code withQueueWait} one that an executor ran on
 * another thread: the clock read at submission and one timer sample more. The
 * difference is what the meter adds to every {@code @Async} call and task run on a
 * pool. The meters are those of Micrometer's {@code SimpleMeterRegistry}, the registry
 * Spring Boot falls back to.
 *
 * @author Async Telemetry team
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class QueueWaitBenchmark {

	@Benchmark
	public void withoutQueueWait(Units units) {
		units.source.startHere(0).finish(null);
	}

	@Benchmark
	public void withQueueWait(Units units) {
		long submitted = units.lifecycle.now();
		units.source.startHere(submitted).finish(null);
	}

	/**
	 * One untraced unit source.
	 */
	@State(Scope.Thread)
	public static class Units {

		SimpleMeterRegistry registry;

		UnitLifecycle lifecycle;

		UnitSource source;

		@Setup(Level.Trial)
		public void setUp() {
			this.registry = new SimpleMeterRegistry();
			this.lifecycle = new UnitLifecycle(new AsyncUnitRecorder(this.registry, new FailureLog()), UnitTracer.NOOP);
			this.source = this.lifecycle.source(UnitType.TASK, "queued", false);
		}

		@TearDown(Level.Trial)
		public void verify() {
			long units = this.source.getUnit().getRecorded();
			if (units == 0) {
				throw new IllegalStateException("No unit was recorded");
			}
			this.registry.close();
		}

	}

}
