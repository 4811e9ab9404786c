package io.github.asynctelemetry.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.example.orders.FailingJob;
import com.example.orders.OrderService;
import com.example.orders.ReportJob;
import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.names.ApplicationPackages;
import io.github.asynctelemetry.names.NameSelector;
import io.github.asynctelemetry.task.AsyncTasks;
import io.github.asynctelemetry.task.AsyncTelemetryTaskDecorator;
import io.github.asynctelemetry.task.ExecutorInstrumentationPostProcessor;
import io.github.asynctelemetry.task.MdcCopyingTaskDecorator;
import io.github.asynctelemetry.task.TaskInstrumentation;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitDocumentation;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.github.asynctelemetry.unit.UnitState;
import io.github.asynctelemetry.unit.UnitType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TaskTelemetryAutoConfiguration}.
 */
class TaskTelemetryAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncTelemetryAutoConfiguration.class,
				TaskTelemetryAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void bootsExecutorAndSchedulerAreInstrumentedThroughTheirDecoratorAndAreNotProxied() {
		this.contextRunner.withUserConfiguration(SchedulingConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TaskInstrumentation.class)
				.hasSingleBean(ExecutorInstrumentationPostProcessor.class)
				.hasSingleBean(AsyncTelemetryTaskDecorator.class);
			ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			assertThat(executor.getClass()).isEqualTo(ThreadPoolTaskExecutor.class);
			assertThat(context.getBean("taskScheduler").getClass()).isEqualTo(ThreadPoolTaskScheduler.class);
			executor.submit(AsyncTasks.named("boot-task", () -> {
			})).get();
			drain(executor);
			assertThat(count(context, "boot-task", UnitState.FINISHED)).isOne();
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadExecutorAndSchedulerAreInstrumentedAndAnswerAsThemselves() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
			.withUserConfiguration(SchedulingConfiguration.class)
			.run((context) -> {
				SimpleAsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", SimpleAsyncTaskExecutor.class);
				SimpleAsyncTaskScheduler scheduler = context.getBean("taskScheduler", SimpleAsyncTaskScheduler.class);
				assertThat(executor.getClass()).isEqualTo(SimpleAsyncTaskExecutor.class);
				assertThat(scheduler.getClass()).isEqualTo(SimpleAsyncTaskScheduler.class);
				assertThat(executor.isThrottleActive()).isFalse();
				executor.submit(AsyncTasks.named("virtual-task", () -> {
				})).get();
				await().atMost(java.time.Duration.ofSeconds(10))
					.until(() -> count(context, "virtual-task", UnitState.FINISHED) == 1);
			});
	}

	@Test
	void applicationsTaskDecoratorBeanStillAppliesOnBootsExecutor() {
		this.contextRunner.withBean(MdcCopyingTaskDecorator.class).run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			assertThat(runWithTenant(executor)).isEqualTo("acme");
			drain(executor);
			assertThat(count(context, "with-tenant", UnitState.FINISHED)).isOne();
		});
	}

	@Test
	void springsContextPropagatingDecoratorOnBootsExecutorStillCountsEachTaskOnce() {
		this.contextRunner.withBean(ContextPropagatingTaskDecorator.class).run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			executor.submit(AsyncTasks.named("propagated", () -> {
			})).get();
			executor.execute(AsyncTasks.named("propagated", () -> {
			}));
			drain(executor);
			assertThat(count(context, "propagated", UnitState.FINISHED)).isEqualTo(2);
		});
	}

	@Test
	void userExecutorKeepsItsOwnDecoratorAndIsInstrumented() {
		this.contextRunner.withUserConfiguration(UserExecutorConfiguration.class).run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("reportExecutor", ThreadPoolTaskExecutor.class);
			assertThat(context).doesNotHaveBean("applicationTaskExecutor");
			assertThat(runWithTenant(executor)).isEqualTo("acme");
			drain(executor);
			assertThat(count(context, "with-tenant", UnitState.FINISHED)).isOne();
		});
	}

	@Test
	void twoApplicationsAliveAtOnceKeepTheirOwnSelectionsNamesAndMeters() {
		ApplicationContextRunner first = this.contextRunner
			.withPropertyValues("otel.instrumentation.async.task-names-to-trace=first-*")
			.withUserConfiguration(PackagedApplication.class);
		ApplicationContextRunner second = this.contextRunner
			.withPropertyValues("otel.instrumentation.async.task-names-to-trace=second-*");
		first.run((one) -> second.run((two) -> {
			ThreadPoolTaskExecutor oneExecutor = one.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			ThreadPoolTaskExecutor twoExecutor = two.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			new OrderService().submitInvoice(oneExecutor, () -> {
			}).get();
			new OrderService().submitInvoice(twoExecutor, () -> {
			}).get();
			oneExecutor.submit(AsyncTasks.named("first-task", () -> {
			})).get();
			twoExecutor.submit(AsyncTasks.named("first-task", () -> {
			})).get();
			drain(oneExecutor);
			drain(twoExecutor);
			assertThat(count(one, "OrderService.submitInvoice", UnitState.FINISHED)).isOne();
			assertThat(count(two, "OrderService.submitInvoice", UnitState.FINISHED)).isZero();
			assertThat(count(two, AsyncUnitDocumentation.TASK_FALLBACK_NAME, UnitState.FINISHED)).isPositive();
			assertThat(traced(one, "first-task")).isTrue();
			assertThat(traced(two, "first-task")).isFalse();
			assertThat(count(one, "first-task", UnitState.FINISHED)).isOne();
			assertThat(count(two, "first-task", UnitState.FINISHED)).isOne();
		}));
	}

	@Test
	void scheduledMethodIsNamedAfterItsClassAndMethodWithoutBootsObservationSupport() {
		this.contextRunner.withUserConfiguration(SchedulingConfiguration.class).run((context) -> {
			assertThat(context.getBean(ReportJob.class).getRan().await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(count(context, "ReportJob.refresh", UnitState.FINISHED)).isPositive();
			assertThat(count(context, AsyncUnitDocumentation.TASK_FALLBACK_NAME, UnitState.FINISHED)).isZero();
		});
	}

	@Test
	void failureOfAScheduledMethodIsRecordedAlthoughSpringSwallowsIt() {
		this.contextRunner.withUserConfiguration(FailingSchedulingConfiguration.class).run((context) -> {
			assertThat(context.getBean(FailingJob.class).getRan().await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(count(context, "FailingJob.check", UnitState.EXCEPTION)).isPositive();
			assertThat(count(context, "FailingJob.check", UnitState.FINISHED)).isZero();
		});
	}

	@Test
	void maxTaskNamesIsApplied() {
		this.contextRunner.withPropertyValues("otel.instrumentation.async.max-task-names=1").run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			executor.execute(AsyncTasks.named("first", () -> {
			}));
			executor.execute(AsyncTasks.named("second", () -> {
			}));
			drain(executor);
			assertThat(count(context, "first", UnitState.FINISHED)).isOne();
			assertThat(count(context, "second", UnitState.FINISHED)).isZero();
			assertThat(count(context, "other", UnitState.FINISHED)).isPositive();
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("otel.instrumentation.async.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(TaskInstrumentation.class)
				.doesNotHaveBean(ExecutorInstrumentationPostProcessor.class)
				.doesNotHaveBean(AsyncTelemetryTaskDecorator.class);
		});
	}

	@Test
	void userInstrumentationBeanWins() {
		this.contextRunner.withUserConfiguration(UserInstrumentationConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TaskInstrumentation.class)
				.getBean(TaskInstrumentation.class)
				.isSameAs(context.getBean("customInstrumentation"));
		});
	}

	private static boolean traced(AssertableApplicationContext context, String name) {
		AsyncUnitRecorder recorder = context.getBean(AsyncUnitRecorder.class);
		return recorder.sources(recorder.unit(UnitType.TASK, name)).containsValue(true);
	}

	private static String runWithTenant(ThreadPoolTaskExecutor executor) throws Exception {
		AtomicReference<String> tenant = new AtomicReference<>();
		MDC.put("tenant", "acme");
		try {
			executor.submit(AsyncTasks.named("with-tenant", () -> tenant.set(MDC.get("tenant")))).get();
		}
		finally {
			MDC.remove("tenant");
		}
		return tenant.get();
	}

	/**
	 * Wait until every thread of the pool finished what it took before, its recording
	 * included: one task per core thread, each holding its thread at a barrier until all
	 * of them run. A single task run on another thread would not wait for that.
	 */
	private static void drain(ThreadPoolTaskExecutor executor) throws Exception {
		ThreadPoolExecutor pool = executor.getThreadPoolExecutor();
		pool.prestartAllCoreThreads();
		CyclicBarrier barrier = new CyclicBarrier(pool.getCorePoolSize());
		List<Future<?>> probes = new ArrayList<>();
		for (int i = 0; i < pool.getCorePoolSize(); i++) {
			probes.add(executor.submit(() -> barrier.await(10, TimeUnit.SECONDS)));
		}
		for (Future<?> probe : probes) {
			probe.get(10, TimeUnit.SECONDS);
		}
	}

	private static double count(AssertableApplicationContext context, String name, UnitState state) {
		Counter counter = context.getBean(MeterRegistry.class)
			.find(AsyncUnitDocumentation.COUNT_METER)
			.tags(AsyncUnitDocumentation.TYPE_TAG, "task", AsyncUnitDocumentation.NAME_TAG, name,
					AsyncUnitDocumentation.STATE_TAG, state.tagValue())
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserExecutorConfiguration {

		@Bean
		ThreadPoolTaskExecutor reportExecutor(ThreadPoolTaskExecutorBuilder builder,
				AsyncTelemetryTaskDecorator asyncTelemetryTaskDecorator) {
			ThreadPoolTaskExecutor executor = builder.build();
			executor.setCorePoolSize(1);
			executor.setMaxPoolSize(1);
			executor.setTaskDecorator(
					new CompositeTaskDecorator(List.of(asyncTelemetryTaskDecorator, new MdcCopyingTaskDecorator())));
			return executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingConfiguration {

		@Bean
		ReportJob reportJob() {
			return new ReportJob();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class FailingSchedulingConfiguration {

		@Bean
		FailingJob failingJob() {
			return new FailingJob();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserInstrumentationConfiguration {

		@Bean
		TaskInstrumentation customInstrumentation() {
			return new TaskInstrumentation(new AsyncUnitRecorder(new SimpleMeterRegistry(), new FailureLog()),
					NameSelector.none(), 10, UnitTracer.NOOP, ContextCapture.of(), ApplicationPackages.of(List.of()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = OrderService.class)
	static class PackagedApplication {

	}

}
