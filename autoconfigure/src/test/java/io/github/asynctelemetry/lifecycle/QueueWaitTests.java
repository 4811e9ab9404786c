package io.github.asynctelemetry.lifecycle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.asynctelemetry.task.AsyncTasks;
import io.github.asynctelemetry.task.AsyncTelemetryTaskDecorator;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meter {@code asyncio.process.queue_wait}: one sample per {@code @Async} call and
 * task that an executor ran on another thread, from its submission to the start of its
 * code; none for a unit that ran on the submitting thread or never ran.
 *
 * @author Async Telemetry team
 */
class QueueWaitTests {

	private final ConfigurableApplicationContext context = new SpringApplicationBuilder(QueueApplication.class)
		.web(WebApplicationType.NONE)
		.properties("management.defaults.metrics.export.enabled=false")
		.run();

	private final SimpleMeterRegistry registry = this.context.getBean(SimpleMeterRegistry.class);

	@AfterEach
	void close() {
		this.context.close();
	}

	@Test
	void thirdOfThreeTasksOfAHundredMillisecondsOnAOneThreadPoolWaitedForTheOtherTwo() {
		TaskExecutor pool = this.context.getBean("taskExecutor", TaskExecutor.class);
		for (int i = 1; i <= 3; i++) {
			pool.execute(AsyncTasks.named("queued-" + i, QueueWaitTests::workFor100Milliseconds));
		}
		awaitCount("task", "queued-3");
		assertThat(queueWait("task", "queued-3")).satisfies((timer) -> {
			assertThat(timer.count()).isOne();
			assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isGreaterThan(150);
		});
		assertThat(queueWait("task", "queued-1")).satisfies((timer) -> assertThat(timer.count()).isOne());
	}

	@Test
	void asyncCallRunOnThePoolHasOneSample() {
		this.context.getBean(Waiter.class).work().join();
		awaitCount("async_method", "Waiter.work");
		assertThat(queueWait("async_method", "Waiter.work")).satisfies((timer) -> assertThat(timer.count()).isOne());
	}

	@Test
	void taskAndAsyncCallRunOnTheSubmittingThreadHaveNoSample() {
		this.context.getBean("inlineExecutor", TaskExecutor.class)
			.execute(AsyncTasks.named("inline", () -> {
			}));
		this.context.getBean(Waiter.class).inline().join();
		awaitCount("task", "inline");
		awaitCount("async_method", "Waiter.inline");
		assertThat(queueWait("task", "inline")).isNull();
		assertThat(queueWait("async_method", "Waiter.inline")).isNull();
	}

	private void awaitCount(String type, String name) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.registry.find("asyncio.process.count").tags("type", type, "name", name).counter() != null);
	}

	private @Nullable Timer queueWait(String type, String name) {
		return this.registry.find("asyncio.process.queue_wait").tags("type", type, "name", name).timer();
	}

	private static void workFor100Milliseconds() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	static class QueueApplication {

		@Bean
		SimpleMeterRegistry simpleMeterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ThreadPoolTaskExecutor taskExecutor(ThreadPoolTaskExecutorBuilder builder) {
			return builder.corePoolSize(1).maxPoolSize(1).queueCapacity(10).threadNamePrefix("single-").build();
		}

		@Bean
		TaskExecutorAdapter inlineExecutor(AsyncTelemetryTaskDecorator decorator) {
			TaskExecutorAdapter executor = new TaskExecutorAdapter(Runnable::run);
			executor.setTaskDecorator(decorator);
			return executor;
		}

		@Bean
		Waiter waiter() {
			return new Waiter();
		}

	}

	static class Waiter {

		@Async
		public CompletableFuture<String> work() {
			return CompletableFuture.completedFuture("done");
		}

		@Async("inlineExecutor")
		public CompletableFuture<String> inline() {
			return CompletableFuture.completedFuture("done");
		}

	}

}
