package io.github.asynctelemetry.lifecycle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.task.AsyncTasks;
import io.github.asynctelemetry.tracing.UnitSpan;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.UnitState;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every unit type is timed from the moment the user's code starts to the moment it ends
 * (DESIGN.md section 5): the starter's own work (restoring the caller's context, opening
 * and closing the span) is outside the measured duration. The meter registry's clock is
 * a {@link MockClock} that only the test advances: each step of the starter's own work
 * advances it by a second, the user's code by 10 ms, so the duration is exactly 10 ms
 * when, and only when, nothing of the starter's own work is inside it.
 *
 * @author Async Telemetry team
 */
class UnitTimingTests {

	private static final Duration STARTER_STEP = Duration.ofSeconds(1);

	private static final Duration USER_CODE = Duration.ofMillis(10);

	private static final MockClock clock = new MockClock();

	private final ConfigurableApplicationContext context = new SpringApplicationBuilder(TimingApplication.class)
		.web(WebApplicationType.NONE)
		.properties("otel.instrumentation.async.method-names-to-trace=TimedWork.*",
				"otel.instrumentation.async.task-names-to-trace=timed-task",
				"otel.instrumentation.async.future-trace-enabled=true", "spring.task.execution.pool.core-size=1",
				"management.defaults.metrics.export.enabled=false")
		.run();

	@AfterEach
	void close() {
		this.context.close();
	}

	@Test
	void asyncMethodIsTimedFromTheStartOfItsBodyToItsEnd() {
		this.context.getBean(TimedWork.class).work().join();
		awaitRecorded("async_method", "TimedWork.work");
		assertThat(totalMillis("async_method", "TimedWork.work")).isEqualTo(10.0);
	}

	@Test
	void taskIsTimedFromTheStartOfItsBodyToItsEnd() {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.context.getBean("applicationTaskExecutor", TaskExecutor.class).execute(AsyncTasks.named("timed-task", () -> {
			clock.add(USER_CODE);
			done.complete(null);
		}));
		done.join();
		awaitRecorded("task", "timed-task");
		assertThat(totalMillis("task", "timed-task")).isEqualTo(10.0);
	}

	@Test
	void futureIsTimedFromItsReturnToItsCompletion() {
		TimedWork work = this.context.getBean(TimedWork.class);
		CompletableFuture<String> future = work.later();
		clock.add(USER_CODE);
		future.complete("done");
		assertThat(totalMillis("future", "TimedWork.later")).isEqualTo(10.0);
	}

	private void awaitRecorded(String type, String name) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.context.getBean(SimpleMeterRegistry.class)
				.find("asyncio.process.duration")
				.tags("type", type, "name", name)
				.timer() != null);
	}

	private double totalMillis(String type, String name) {
		Timer timer = this.context.getBean(SimpleMeterRegistry.class)
			.get("asyncio.process.duration")
			.tags("type", type, "name", name, "state", UnitState.FINISHED.tagValue())
			.timer();
		assertThat(timer.count()).isOne();
		return timer.totalTime(TimeUnit.MILLISECONDS);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	static class TimingApplication {

		@Bean
		SimpleMeterRegistry simpleMeterRegistry() {
			return new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
		}

		@Bean
		ContextCapture clockAdvancingContext() {
			return ContextCapture.of(new ClockAdvancingAccessor());
		}

		@Bean
		UnitTracer clockAdvancingTracer() {
			return (unit) -> {
				clock.add(STARTER_STEP);
				return new ClockAdvancingSpan();
			};
		}

		@Bean
		TimedWork timedWork() {
			return new TimedWork();
		}

	}

	static class TimedWork {

		@Async
		public CompletableFuture<String> work() {
			clock.add(USER_CODE);
			return CompletableFuture.completedFuture("done");
		}

		public CompletableFuture<String> later() {
			clock.add(STARTER_STEP);
			return new CompletableFuture<>();
		}

	}

	/**
	 * A context value whose every restore and reset costs the starter a second.
	 */
	static class ClockAdvancingAccessor implements ThreadLocalAccessor<String> {

		@Override
		public Object key() {
			return ClockAdvancingAccessor.class.getName();
		}

		@Override
		public String getValue() {
			return "caller";
		}

		@Override
		public void setValue(String value) {
			clock.add(STARTER_STEP);
		}

		@Override
		public void setValue() {
			clock.add(STARTER_STEP);
		}

	}

	/**
	 * A span whose every step costs the starter a second.
	 */
	static class ClockAdvancingSpan implements UnitSpan {

		@Override
		public Scope makeCurrent() {
			clock.add(STARTER_STEP);
			return () -> clock.add(STARTER_STEP);
		}

		@Override
		public void attribute(String key, double value) {
			clock.add(STARTER_STEP);
		}

		@Override
		public void rename(AsyncUnit unit) {
		}

		@Override
		public void abandon() {
		}

		@Override
		public void end(UnitState state, @Nullable Throwable failure) {
			clock.add(STARTER_STEP);
		}

	}

}
