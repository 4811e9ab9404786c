package io.github.asynctelemetry.reliability;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.asynctelemetry.autoconfigure.AsyncTelemetryAutoConfiguration;
import io.github.asynctelemetry.autoconfigure.TaskTelemetryAutoConfiguration;
import io.github.asynctelemetry.task.AsyncTasks;
import io.github.asynctelemetry.task.UnitsInFlightAtClose;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.UnitType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.step.StepMeterRegistry;
import io.micrometer.core.instrument.step.StepRegistryConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a push registry exports of the units that run when the application context
 * closes. Spring Boot closes the meter registries when the context publishes its
 * {@code ContextClosedEvent}; a push registry publishes a last time then, and a unit
 * recorded later is never exported. The starter waits for the running units before that,
 * for as long as the application lets Spring Boot's executors finish their tasks.
 *
 * @author Async Telemetry team
 */
class ShutdownExportTests {

	private static final String IN_FLIGHT = "in-flight";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				AsyncTelemetryAutoConfiguration.class, TaskTelemetryAutoConfiguration.class))
		.withBean(CapturingPushRegistry.class);

	@Test
	void unitsThatEndWhileTheStarterWaitsAreExportedInTheLastPush() {
		this.contextRunner
			.withPropertyValues("spring.task.execution.shutdown.await-termination=true",
					"spring.task.execution.shutdown.await-termination-period=30s")
			.run((context) -> {
				CapturingPushRegistry registry = context.getBean(CapturingPushRegistry.class);
				AsyncUnitRecorder recorder = context.getBean(AsyncUnitRecorder.class);
				InFlight tasks = new InFlight(context, 2);
				Thread closer = new Thread(context::close, "closer");
				closer.start();
				await().atMost(Duration.ofSeconds(30))
					.until(() -> registry.closing || waitsInTheStarter(closer));
				tasks.release();
				closer.join(TimeUnit.SECONDS.toMillis(60));
				assertThat(closer.isAlive()).isFalse();
				assertThat(tasks.results()).containsOnly("done");
				assertThat(registry.exported("task", IN_FLIGHT, "finished")).isEqualTo(2);
				assertThat(recorded(recorder, IN_FLIGHT)).isEqualTo(2);
			});
	}

	@Test
	void unitsStillRunningWhenTheWaitEndsAreRecordedButNotExported() {
		this.contextRunner
			.withPropertyValues("spring.task.execution.shutdown.await-termination=true",
					"spring.task.execution.shutdown.await-termination-period=200ms")
			.run((context) -> {
				CapturingPushRegistry registry = context.getBean(CapturingPushRegistry.class);
				AsyncUnitRecorder recorder = context.getBean(AsyncUnitRecorder.class);
				InFlight tasks = new InFlight(context, 2);
				long start = System.nanoTime();
				Thread closer = new Thread(context::close, "closer");
				closer.start();
				assertThat(registry.closed.await(30, TimeUnit.SECONDS)).isTrue();
				assertThat(registry.closedAfterNanos(start)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
				tasks.release();
				assertThat(tasks.results()).containsOnly("done");
				closer.join(TimeUnit.SECONDS.toMillis(60));
				assertThat(registry.exported("task", IN_FLIGHT, "finished")).isZero();
				assertThat(recorded(recorder, IN_FLIGHT)).isEqualTo(2);
			});
	}

	@Test
	void withSpringBootsDefaultsTheRegistriesCloseWithoutWaitingAndRunningUnitsAreNotExported() {
		this.contextRunner.run((context) -> {
			CapturingPushRegistry registry = context.getBean(CapturingPushRegistry.class);
			AsyncUnitRecorder recorder = context.getBean(AsyncUnitRecorder.class);
			InFlight tasks = new InFlight(context, 2);
			Thread closer = new Thread(context::close, "closer");
			closer.start();
			assertThat(registry.closed.await(30, TimeUnit.SECONDS)).isTrue();
			tasks.release();
			assertThat(tasks.results()).containsOnly("done");
			closer.join(TimeUnit.SECONDS.toMillis(60));
			assertThat(registry.exported("task", IN_FLIGHT, "finished")).isZero();
			assertThat(recorded(recorder, IN_FLIGHT)).isEqualTo(2);
		});
	}

	private static boolean waitsInTheStarter(Thread thread) {
		return Arrays.stream(thread.getStackTrace())
			.anyMatch((frame) -> frame.getClassName().equals(UnitsInFlightAtClose.class.getName()));
	}

	private static long recorded(AsyncUnitRecorder recorder, String name) {
		return recorder.seen()
			.stream()
			.filter((unit) -> unit.getType() == UnitType.TASK && unit.getName().equals(name))
			.mapToLong(AsyncUnit::getRecorded)
			.sum();
	}

	/**
	 * Tasks on Spring Boot's {@code applicationTaskExecutor} that run until released,
	 * interrupted or not, so that they are still running whatever the executor does at
	 * shutdown.
	 */
	static final class InFlight {

		private final CountDownLatch started;

		private final CountDownLatch release = new CountDownLatch(1);

		private final Future<?>[] tasks;

		InFlight(AssertableApplicationContext context, int count) throws InterruptedException {
			ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			this.started = new CountDownLatch(count);
			this.tasks = new Future<?>[count];
			for (int i = 0; i < count; i++) {
				this.tasks[i] = executor.submit(AsyncTasks.named(IN_FLIGHT, this::hold));
			}
			assertThat(this.started.await(10, TimeUnit.SECONDS)).isTrue();
		}

		private String hold() {
			this.started.countDown();
			boolean interrupted = false;
			while (true) {
				try {
					if (this.release.await(30, TimeUnit.SECONDS)) {
						break;
					}
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
			return "done";
		}

		void release() {
			this.release.countDown();
		}

		Object[] results() throws Exception {
			Object[] results = new Object[this.tasks.length];
			for (int i = 0; i < this.tasks.length; i++) {
				results[i] = this.tasks[i].get(30, TimeUnit.SECONDS);
			}
			return results;
		}

	}

	/**
	 * A push registry that pushes nowhere: it keeps the {@code asyncio.process.count}
	 * values of its pushes (the last one is made when it is closed).
	 */
	static class CapturingPushRegistry extends StepMeterRegistry {

		private static final StepRegistryConfig CONFIG = new StepRegistryConfig() {

			@Override
			public String prefix() {
				return "capturing";
			}

			@Override
			public String get(String key) {
				return null;
			}

			@Override
			public Duration step() {
				return Duration.ofHours(1);
			}

		};

		final CountDownLatch closed = new CountDownLatch(1);

		volatile boolean closing;

		private volatile long closedAt;

		private final Map<String, Double> exported = new ConcurrentHashMap<>();

		CapturingPushRegistry() {
			super(CONFIG, new MockClock());
		}

		@Override
		protected void publish() {
			for (Counter counter : find("asyncio.process.count").counters()) {
				this.exported.merge(key(counter.getId().getTag("type"), counter.getId().getTag("name"),
						counter.getId().getTag("state")), counter.count(), Double::sum);
			}
		}

		@Override
		protected TimeUnit getBaseTimeUnit() {
			return TimeUnit.SECONDS;
		}

		@Override
		public void close() {
			this.closing = true;
			super.close();
			this.closedAt = System.nanoTime();
			this.closed.countDown();
		}

		long closedAfterNanos(long start) {
			return this.closedAt - start;
		}

		long exported(String type, String name, String state) {
			return this.exported.getOrDefault(key(type, name, state), 0.0).longValue();
		}

		private static String key(String type, String name, String state) {
			return type + " " + name + " " + state;
		}

	}

}
