package io.github.asynctelemetry.task;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.asynctelemetry.autoconfigure.AsyncTelemetryAutoConfiguration;
import io.github.asynctelemetry.autoconfigure.TaskTelemetryAutoConfiguration;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for the load of each executor in the coverage ({@code active}, {@code queued},
 * {@code limit} of {@code /actuator/asyncio}) and for the executor meters the starter
 * publishes for the covered executors whose load Spring Boot does not publish, once per
 * executor, next to Spring Boot's own executor metrics.
 *
 * @author Async Telemetry team
 */
class ExecutorLoadTelemetryTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, TaskExecutorMetricsAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class,
				AsyncTelemetryAutoConfiguration.class, TaskTelemetryAutoConfiguration.class));

	@Test
	void threadPoolTaskExecutorBeansGetSpringBootsExecutorMetersOnlyOnce() {
		this.contextRunner.run((context) -> assertThat(meters(context, "executor.active", "applicationTaskExecutor"))
			.isOne());
		this.contextRunner.withUserConfiguration(ReportExecutor.class).run((context) -> {
			assertThat(meters(context, "executor.active", "reportExecutor")).isOne();
			assertThat(meters(context, "executor.pool.max", "reportExecutor")).isOne();
			assertThat(entry(context, "reportExecutor")).satisfies((entry) -> {
				assertThat(entry.active()).isZero();
				assertThat(entry.queued()).isZero();
				assertThat(entry.limit()).isEqualTo(2);
			});
		});
	}

	@Test
	void jdkPoolBeanPublishesMicrometersExecutorMetersOnce() {
		this.contextRunner.withUserConfiguration(JdkPool.class).run((context) -> {
			for (String meter : new String[] { "executor.active", "executor.queued", "executor.pool.max",
					"executor.completed" }) {
				assertThat(meters(context, meter, "workers")).as(meter).isOne();
			}
			assertThat(gauge(context, "executor.pool.max", "workers")).isEqualTo(3);
			assertThat(entry(context, "workers")).satisfies((entry) -> {
				assertThat(entry.covered()).isTrue();
				assertThat(entry.active()).isZero();
				assertThat(entry.queued()).isZero();
				assertThat(entry.limit()).isEqualTo(3);
			});
		});
	}

	@Test
	void poolThatKeepsNoReadableCountIsCountedByTheStarter() {
		this.contextRunner.withUserConfiguration(WrappedPool.class).run((context) -> {
			assertRunningTasksAreCounted(context, "contextWorkers");
			assertThat(meters(context, "executor.queued", "contextWorkers")).isZero();
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadPoolBeanIsCountedByTheStarterOnce() {
		this.contextRunner.withUserConfiguration(VirtualThreadPool.class)
			.run((context) -> assertRunningTasksAreCounted(context, "virtualWorkers"));
	}

	@Test
	void simpleAsyncTaskExecutorWithAConcurrencyLimitPublishesItsLimitOnly() {
		this.contextRunner.withUserConfiguration(LimitedSimpleExecutor.class).run((context) -> {
			assertThat(meters(context, "executor.pool.max", "jobs")).isOne();
			assertThat(gauge(context, "executor.pool.max", "jobs")).isEqualTo(2);
			assertThat(meters(context, "executor.active", "jobs")).isZero();
			assertThat(entry(context, "jobs")).satisfies((entry) -> {
				assertThat(entry.limit()).isEqualTo(2);
				assertThat(entry.active()).isNull();
				assertThat(entry.queued()).isNull();
			});
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void springBootsVirtualThreadExecutorAndSchedulerPublishTheirConcurrencyLimits() {
		this.contextRunner.withUserConfiguration(SchedulingEnabled.class)
			.withPropertyValues("spring.threads.virtual.enabled=true",
					"spring.task.execution.simple.concurrency-limit=3",
					"spring.task.scheduling.simple.concurrency-limit=2")
			.run((context) -> {
				assertThat(entry(context, "applicationTaskExecutor").virtualThreads()).isTrue();
				assertThat(entry(context, "applicationTaskExecutor").limit()).isEqualTo(3);
				assertThat(entry(context, "taskScheduler").limit()).isEqualTo(2);
				assertThat(gauge(context, "executor.pool.max", "applicationTaskExecutor")).isEqualTo(3);
				assertThat(meters(context, "executor.pool.max", "applicationTaskExecutor")).isOne();
				assertThat(gauge(context, "executor.pool.max", "taskScheduler")).isEqualTo(2);
			});
	}

	@Test
	void executorWhoseGettersThrowIsListedWithoutItsLoad() {
		this.contextRunner.withUserConfiguration(ThrowingExecutor.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(entry(context, "broken")).satisfies((entry) -> {
				assertThat(entry.active()).isNull();
				assertThat(entry.queued()).isNull();
				assertThat(entry.limit()).isNull();
			});
		});
	}

	private static void assertRunningTasksAreCounted(AssertableApplicationContext context, String name)
			throws Exception {
		ExecutorService pool = context.getBean(name, ExecutorService.class);
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<String> task = pool.submit(() -> {
			started.countDown();
			release.await(30, TimeUnit.SECONDS);
			return "done";
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(entry(context, name).active()).isOne();
		assertThat(meters(context, "executor.active", name)).isOne();
		assertThat(gauge(context, "executor.active", name)).isOne();
		release.countDown();
		assertThat(task.get(10, TimeUnit.SECONDS)).isEqualTo("done");
		assertThat(entry(context, name).active()).isZero();
		assertThat(gauge(context, "executor.active", name)).isZero();
		assertThat(context.getBean(MeterRegistry.class).get("executor.completed").tag("name", name).functionCounter()
			.count()).isOne();
	}

	private static long meters(AssertableApplicationContext context, String meter, String name) {
		return context.getBean(MeterRegistry.class)
			.getMeters()
			.stream()
			.filter((candidate) -> candidate.getId().getName().equals(meter)
					&& name.equals(candidate.getId().getTag("name")))
			.count();
	}

	private static double gauge(AssertableApplicationContext context, String meter, String name) {
		return context.getBean(MeterRegistry.class).get(meter).tag("name", name).gauge().value();
	}

	private static ExecutorCoverage.Entry entry(AssertableApplicationContext context, String bean) {
		return context.getBean(ExecutorCoverage.class)
			.entries()
			.stream()
			.filter((entry) -> bean.equals(entry.bean()))
			.findFirst()
			.orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	static class ReportExecutor {

		@Bean
		ThreadPoolTaskExecutor reportExecutor(ThreadPoolTaskExecutorBuilder builder) {
			return builder.corePoolSize(2).maxPoolSize(2).queueCapacity(4).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class JdkPool {

		@Bean(destroyMethod = "shutdown")
		ExecutorService workers() {
			return Executors.newFixedThreadPool(3);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WrappedPool {

		@Bean(destroyMethod = "shutdown")
		ExecutorService contextWorkers() {
			return ContextExecutorService.wrap(Executors.newFixedThreadPool(2),
					() -> ContextSnapshotFactory.builder().build().captureAll());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class VirtualThreadPool {

		@Bean(destroyMethod = "shutdown")
		ExecutorService virtualWorkers() throws Exception {
			return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LimitedSimpleExecutor {

		@Bean
		SimpleAsyncTaskExecutor jobs(SimpleAsyncTaskExecutorBuilder builder) {
			return builder.concurrencyLimit(2).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingEnabled {

	}

	@Configuration(proxyBeanMethods = false)
	static class ThrowingExecutor {

		@Bean
		ThreadPoolTaskExecutor broken() {
			ThreadPoolTaskExecutor executor = mock(ThreadPoolTaskExecutor.class);
			given(executor.getActiveCount()).willThrow(new IllegalStateException("shut down"));
			given(executor.getQueueSize()).willThrow(new IllegalStateException("shut down"));
			given(executor.getMaxPoolSize()).willThrow(new IllegalStateException("shut down"));
			return executor;
		}

	}

}
