package io.github.asynctelemetry.observed;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.example.observed.ObservedApplication;
import com.example.observed.Relay;
import io.github.asynctelemetry.testsupport.UnitCounts;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task that passes through several executors, decorators and wrappers is one unit,
 * named after the application method that submitted it to the outermost one (DESIGN.md
 * sections 4 and 8).
 * <p>
 * Spring Boot 4.0 has no {@code spring.task.execution.propagate-context} property (it
 * comes with Spring Boot 4.1), so that chain is not tested here.
 *
 * @author Async Telemetry team
 */
class OneUnitPerTaskTests {

	private static final int TASKS = 10;

	private final ApplicationContextRunner contextRunner = ObservedContexts.withStarter()
		.withUserConfiguration(ObservedApplication.class);

	@Test
	void taskThroughATaskExecutorAdapterWithSpringsContextPropagatingDecoratorAroundBootsExecutorIsOneUnit() {
		this.contextRunner.withPropertyValues("spring.task.execution.mode=force")
			.withUserConfiguration(AdapterConfiguration.class)
			.run((context) -> assertOneUnitPerTask(context, context.getBean("adapter", Executor.class)));
	}

	@Test
	void taskThroughMicrometersContextExecutorServiceAroundAJdkPoolBeanIsOneUnit() {
		this.contextRunner.withUserConfiguration(ContextExecutorServiceConfiguration.class)
			.run((context) -> assertOneUnitPerTask(context, context.getBean("contextPool", ExecutorService.class)));
	}

	@Test
	void taskOnBootsExecutorWithTheApplicationsTaskDecoratorIsOneUnit() {
		this.contextRunner.withBean("tenantTaskDecorator", TaskDecorator.class, TenantTaskDecorator::new)
			.run((context) -> assertOneUnitPerTask(context,
					context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class)));
	}

	private static void assertOneUnitPerTask(AssertableApplicationContext context, Executor outermost)
			throws InterruptedException {
		assertThat(context).hasNotFailed();
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		UnitCounts counts = UnitCounts.since(registry);
		long before = ObservedContexts.taskUnits(registry);
		CountDownLatch done = new CountDownLatch(TASKS);
		new Relay().sendAll(outermost, TASKS, done);
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		ObservedContexts.awaitTaskUnits(registry, before + TASKS);
		assertThat(ObservedContexts.taskUnits(registry) - before)
			.as("task units: %s", ObservedContexts.taskCounters(registry))
			.isEqualTo(TASKS);
		assertThat(counts.count("task", "Relay.sendAll", "finished"))
			.as("task units: %s", ObservedContexts.taskCounters(registry))
			.isEqualTo(TASKS);
	}

	@Configuration(proxyBeanMethods = false)
	static class AdapterConfiguration {

		@Bean
		TaskExecutorAdapter adapter(@Qualifier("applicationTaskExecutor") ThreadPoolTaskExecutor pool) {
			TaskExecutorAdapter adapter = new TaskExecutorAdapter(pool);
			adapter.setTaskDecorator(new ContextPropagatingTaskDecorator());
			return adapter;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ContextExecutorServiceConfiguration {

		@Bean
		ExecutorService jdkPool() {
			return Executors.newFixedThreadPool(2);
		}

		@Bean
		ExecutorService contextPool(@Qualifier("jdkPool") ExecutorService jdkPool) {
			return ContextExecutorService.wrap(jdkPool, ContextSnapshotFactory.builder().build());
		}

	}

}
