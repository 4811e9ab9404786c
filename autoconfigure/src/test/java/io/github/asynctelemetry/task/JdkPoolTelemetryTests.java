package io.github.asynctelemetry.task;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.asynctelemetry.autoconfigure.AsyncTelemetryAutoConfiguration;
import io.github.asynctelemetry.autoconfigure.TaskTelemetryAutoConfiguration;
import io.github.asynctelemetry.unit.AsyncUnitDocumentation;
import io.github.asynctelemetry.unit.UnitState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for plain JDK pools defined as beans: instrumented when declared as an
 * interface, left alone when declared as their class; and the coverage of executor
 * beans that the starter reports.
 */
@ExtendWith(OutputCaptureExtension.class)
class JdkPoolTelemetryTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncTelemetryAutoConfiguration.class,
				TaskTelemetryAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withUserConfiguration(PoolConfiguration.class);

	@Test
	void executorServiceBeanPropagatesTheSubmittersContextAndIsMeasured() {
		this.contextRunner.run((context) -> {
			ExecutorService pool = context.getBean("pool", ExecutorService.class);
			assertThat(AopUtils.isJdkDynamicProxy(pool)).isTrue();
			ObservationRegistry observations = ObservationRegistry.create();
			observations.observationConfig().observationHandler((observationContext) -> true);
			AtomicReference<Observation> seen = new AtomicReference<>();
			Observation submitter = Observation.start("submitter", observations);
			try (Observation.Scope scope = submitter.openScope()) {
				pool.submit(AsyncTasks.named("pooled", () -> seen.set(observations.getCurrentObservation())))
					.get(10, TimeUnit.SECONDS);
			}
			finally {
				submitter.stop();
			}
			assertThat(seen.get()).isSameAs(submitter);
			awaitCount(context, "pooled", 1);
			Callable<String> first = AsyncTasks.named("batch", () -> "a");
			Callable<String> second = AsyncTasks.named("batch", () -> "b");
			assertThat(pool.invokeAll(List.of(first, second))).hasSize(2);
			awaitCount(context, "batch", 2);
		});
	}

	@Test
	void scheduledExecutorServiceBeanMeasuresEveryRun() {
		this.contextRunner.run((context) -> {
			ScheduledExecutorService scheduler = context.getBean("scheduler", ScheduledExecutorService.class);
			assertThat(AopUtils.isJdkDynamicProxy(scheduler)).isTrue();
			CountDownLatch runs = new CountDownLatch(3);
			ScheduledFuture<?> ticking = scheduler.scheduleAtFixedRate(AsyncTasks.named("tick", runs::countDown), 0, 5,
					TimeUnit.MILLISECONDS);
			assertThat(runs.await(10, TimeUnit.SECONDS)).isTrue();
			ticking.cancel(false);
			await().atMost(Duration.ofSeconds(10)).until(() -> count(context, "tick") >= 2);
		});
	}

	@Test
	void poolDeclaredAsItsClassIsLeftAloneAndShutdownReachesEveryPool() {
		AtomicReference<PoolConfiguration> pools = new AtomicReference<>();
		this.contextRunner.run((context) -> {
			PoolConfiguration configuration = context.getBean(PoolConfiguration.class);
			pools.set(configuration);
			assertThat(context.getBean("classDeclared")).isSameAs(configuration.classDeclared);
		});
		assertThat(pools.get().pool.isShutdown()).isTrue();
		assertThat(pools.get().scheduler.isShutdown()).isTrue();
	}

	@Test
	void coverageListsEveryExecutorBeanAndSaysWhyOneIsNotCoveredAndTheLogSumsItUp(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(FinalExecutorConfiguration.class).run((context) -> {
			List<ExecutorCoverage.Entry> entries = context.getBean(ExecutorCoverage.class).entries();
			assertThat(entries).extracting(ExecutorCoverage.Entry::bean)
				.containsExactly("classDeclared", "finalExecutor", "pool", "scheduler");
			assertThat(entries).filteredOn(ExecutorCoverage.Entry::covered)
				.extracting(ExecutorCoverage.Entry::bean)
				.containsExactly("pool", "scheduler");
			assertThat(entries).filteredOn((entry) -> entry.bean().equals("classDeclared")).singleElement()
				.satisfies((entry) -> {
					assertThat(entry.type()).isEqualTo(ThreadPoolExecutor.class.getName());
					assertThat(entry.reason()).contains("declared as its class");
					assertThat(entry.action()).contains("ExecutorService");
					assertThat(entry.virtualThreads()).isFalse();
				});
			assertThat(entries).filteredOn((entry) -> entry.bean().equals("finalExecutor")).singleElement()
				.satisfies((entry) -> {
					assertThat(entry.reason()).contains("does not change executors it did not build");
					assertThat(entry.action()).contains("applicationTaskExecutor");
				});
		});
		assertThat(output).contains("Async telemetry covers 2 of 4 executors and schedulers; not covered: "
				+ "[classDeclared, finalExecutor]")
			.contains("Executors not covered: [classDeclared, finalExecutor]. Tasks submitted to them directly get "
					+ "no task meters and not the submitter's context");
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadPerTaskExecutorBeanIsMeasured() {
		this.contextRunner.withUserConfiguration(VirtualConfiguration.class).run((context) -> {
			ExecutorService virtual = context.getBean("virtual", ExecutorService.class);
			assertThat(AopUtils.isJdkDynamicProxy(virtual)).isTrue();
			virtual.submit(AsyncTasks.named("on-virtual", () -> {
			})).get(10, TimeUnit.SECONDS);
			awaitCount(context, "on-virtual", 1);
		});
	}

	private static void awaitCount(AssertableApplicationContext context, String name, double expected) {
		await().atMost(Duration.ofSeconds(10)).until(() -> count(context, name) == expected);
	}

	private static double count(AssertableApplicationContext context, String name) {
		Counter counter = context.getBean(MeterRegistry.class)
			.find(AsyncUnitDocumentation.COUNT_METER)
			.tags(AsyncUnitDocumentation.TYPE_TAG, "task", AsyncUnitDocumentation.NAME_TAG, name,
					AsyncUnitDocumentation.STATE_TAG, UnitState.FINISHED.tagValue())
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Configuration(proxyBeanMethods = false)
	static class PoolConfiguration {

		final ExecutorService pool = Executors.newFixedThreadPool(2);

		final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

		final ThreadPoolExecutor classDeclared = (ThreadPoolExecutor) Executors.newFixedThreadPool(1);

		@Bean
		ExecutorService pool() {
			return this.pool;
		}

		@Bean
		ScheduledExecutorService scheduler() {
			return this.scheduler;
		}

		@Bean
		ThreadPoolExecutor classDeclared() {
			return this.classDeclared;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FinalExecutorConfiguration {

		@Bean
		FinalExecutor finalExecutor() {
			return new FinalExecutor();
		}

	}

	/**
	 * A Spring executor of the application's own.
	 */
	static final class FinalExecutor implements TaskExecutor {

		@Override
		public void execute(Runnable task) {
			task.run();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class VirtualConfiguration {

		@Bean
		ExecutorService virtual() throws Exception {
			return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}

	}

}
