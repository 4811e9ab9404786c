package io.github.asynctelemetry.task;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.github.asynctelemetry.autoconfigure.AsyncTelemetryAutoConfiguration;
import io.github.asynctelemetry.autoconfigure.TaskTelemetryAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that a submission leaves nothing of the starter on the submitting thread.
 */
class SubmittingThreadTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncTelemetryAutoConfiguration.class,
				TaskTelemetryAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void submittingThreadHoldsNoReferenceToTheApplicationAfterItCloses() {
		AtomicReference<WeakReference<MeterRegistry>> registry = new AtomicReference<>();
		this.contextRunner.run((context) -> {
			registry.set(new WeakReference<>(context.getBean(MeterRegistry.class)));
			ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			executor.submit(AsyncTasks.named("submitted", () -> {
			})).get();
		});
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
			System.gc();
			return registry.get().get() == null;
		});
	}

}
