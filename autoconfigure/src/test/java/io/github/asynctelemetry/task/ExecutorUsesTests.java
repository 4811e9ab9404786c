package io.github.asynctelemetry.task;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.asynctelemetry.autoconfigure.AsyncMethodTelemetryAutoConfiguration;
import io.github.asynctelemetry.autoconfigure.AsyncTelemetryAutoConfiguration;
import io.github.asynctelemetry.autoconfigure.FutureTelemetryAutoConfiguration;
import io.github.asynctelemetry.autoconfigure.TaskTelemetryAutoConfiguration;
import io.github.asynctelemetry.testsupport.UnitCounts;
import io.github.asynctelemetry.unit.AsyncUnitDocumentation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for what the coverage says Spring uses each executor for: the default
 * {@code @Async} executor however it is decided, the scheduler of {@code @Scheduled}
 * methods, and the executor of the application event multicaster; and for the executors
 * that Spring uses without their being beans, which are covered and listed.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExecutorUsesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class, AsyncTelemetryAutoConfiguration.class,
				FutureTelemetryAutoConfiguration.class, AsyncMethodTelemetryAutoConfiguration.class,
				TaskTelemetryAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void springBootsApplicationTaskExecutorIsTheAsyncDefault() {
		this.contextRunner.withUserConfiguration(AsyncEnabled.class).run((context) -> {
			assertThat(entry(context, "applicationTaskExecutor").usedFor())
				.containsExactly(ExecutorCoverage.ASYNC_DEFAULT);
			assertThat(entries(context)).extracting(ExecutorCoverage.Entry::bean).doesNotContainNull();
		});
	}

	@Test
	void noExecutorIsTheAsyncDefaultWithoutEnableAsync() {
		this.contextRunner.run((context) -> {
			assertThat(entries(context)).isNotEmpty().allSatisfy((entry) -> assertThat(entry.usedFor()).isEmpty());
			assertThat(context).doesNotHaveBean(SchedulingCoverageConfigurer.class);
		});
	}

	@Test
	void uniqueTaskExecutorBeanOfTheApplicationIsTheAsyncDefault() {
		this.contextRunner.withUserConfiguration(AsyncEnabled.class, JobsExecutor.class).run((context) -> {
			assertThat(context).doesNotHaveBean("applicationTaskExecutor");
			assertThat(entry(context, "jobs").usedFor()).containsExactly(ExecutorCoverage.ASYNC_DEFAULT);
		});
	}

	@Test
	void springsOwnExecutorIsListedAsNotCoveredWhenNoBeanIsATaskExecutor(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(AsyncEnabled.class, PlainExecutor.class).run((context) -> {
			assertThat(entries(context)).filteredOn((entry) -> entry.bean() == null).singleElement().satisfies((entry) -> {
				assertThat(entry.type()).isEqualTo(SimpleAsyncTaskExecutor.class.getName());
				assertThat(entry.covered()).isFalse();
				assertThat(entry.usedFor()).containsExactly(ExecutorCoverage.ASYNC_DEFAULT);
				assertThat(entry.reason()).contains("makes for itself");
				assertThat(entry.action()).contains("TaskExecutor bean");
			});
		});
		assertThat(output).contains("not covered: [plain, " + SimpleAsyncTaskExecutor.class.getName() + " [@Async default]]");
	}

	@Test
	void applicationsAsyncConfigurerIsNeverAskedAndKeepsItsClassAndItsExecutor() {
		this.contextRunner.withUserConfiguration(AsyncEnabled.class, JobsExecutor.class, BeanConfigurer.class)
			.run((context) -> {
				BeanConfigurer configurer = context.getBean(BeanConfigurer.class);
				assertThat(configurer.getClass()).isEqualTo(BeanConfigurer.class);
				assertThat(configurer.getAsyncExecutor()).isSameAs(context.getBean("jobs"));
				assertThat(entries(context)).allSatisfy(
						(entry) -> assertThat(entry.usedFor()).doesNotContain(ExecutorCoverage.ASYNC_DEFAULT));
			});
	}

	@Test
	void asyncConfigurerMakingANewPoolOnEveryCallIsAskedOnlyBySpring() {
		this.contextRunner
			.withUserConfiguration(AsyncEnabled.class, JobsExecutor.class, CallCounting.class, PoolMakingConfigurer.class)
			.run(ExecutorUsesTests::assertConfigurerIsAskedOnlyBySpring);
	}

	@Test
	void asyncConfigurerThatSpringBootWrapsIsAskedOnlyBySpring() {
		this.contextRunner.withUserConfiguration(AsyncEnabled.class, CallCounting.class, PoolMakingConfigurer.class)
			.run((context) -> {
				assertThat(context).hasBean("applicationTaskExecutor");
				assertConfigurerIsAskedOnlyBySpring(context);
			});
	}

	@Test
	void applicationClassThatIsTheAsyncConfigurerIsStillItsClassAndIsAskedOnlyBySpring() {
		this.contextRunner.withUserConfiguration(CallCounting.class, ConfigurerApplication.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ConfigurerApplication application = context.getBean(ConfigurerApplication.class);
			assertThat(AopUtils.isAopProxy(application)).isFalse();
			assertThat(application.greeting()).isEqualTo("hello");
			assertThat(context.getBean("greeting")).isEqualTo("hello");
			assertConfigurerIsAskedOnlyBySpring(context);
		});
	}

	@Test
	void asyncConfigurerReturningNullLeavesSpringBootsExecutorToRunTheCalls() {
		this.contextRunner.withUserConfiguration(NullConfigurerApplication.class, Greeting.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(entries(context)).extracting(ExecutorCoverage.Entry::bean).doesNotContainNull();
			Greeter greeter = context.getBean(Greeter.class);
			assertThat(greeter.threadName().get(10, TimeUnit.SECONDS)).startsWith("task-");
		});
	}

	@Test
	void springBootsTaskSchedulerIsTheSchedulerOfScheduledMethods(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(Ticking.class).run((context) -> {
			assertThat(context.getBean(Ticker.class).ticks.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(entry(context, "taskScheduler").usedFor()).containsExactly(ExecutorCoverage.SCHEDULED);
			assertThat(entries(context)).extracting(ExecutorCoverage.Entry::bean).doesNotContainNull();
		});
		assertThat(output).containsOnlyOnce("Async telemetry covers");
	}

	@Test
	void schedulerThatASchedulingConfigurerSetsIsCoveredAndListed(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(Ticking.class, OwnScheduler.class).run((context) -> {
			UnitCounts counts = UnitCounts.since(context.getBean(MeterRegistry.class));
			Ticker ticker = context.getBean(Ticker.class);
			assertThat(ticker.ticks.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(ticker.thread).startsWith("own-scheduler");
			assertThat(entries(context)).filteredOn((entry) -> entry.bean() == null).singleElement().satisfies((entry) -> {
				assertThat(entry.covered()).isTrue();
				assertThat(entry.usedFor()).containsExactly(ExecutorCoverage.SCHEDULED);
			});
			assertThat(entry(context, "taskScheduler").usedFor()).isEmpty();
			await().atMost(java.time.Duration.ofSeconds(10))
				.until(() -> counts.count("task", "Ticker.tick", "finished") >= 1);
		});
		assertThat(output).contains("Async telemetry covers 3 of 3 executors and schedulers");
	}

	@Test
	void schedulerBeanThatASchedulingConfigurerSetsIsNotedAndNotWrappedAgain() {
		this.contextRunner.withUserConfiguration(Ticking.class, BeanScheduler.class).run((context) -> {
			Ticker ticker = context.getBean(Ticker.class);
			assertThat(ticker.ticks.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(ticker.thread).startsWith("jobs-scheduler-");
			assertThat(context).doesNotHaveBean("taskScheduler");
			assertThat(entry(context, "jobsScheduler").usedFor()).containsExactly(ExecutorCoverage.SCHEDULED);
			assertThat(entries(context)).extracting(ExecutorCoverage.Entry::bean).doesNotContainNull();
		});
	}

	@Test
	void executorOfTheApplicationEventMulticasterIsNotedAtItsFirstEvent() {
		this.contextRunner.withUserConfiguration(AsyncEvents.class).run((context) -> {
			context.publishEvent(new Ping(this));
			assertThat(context.getBean(PingListener.class).pinged.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(entry(context, "eventExecutor").usedFor()).containsExactly(ExecutorCoverage.APPLICATION_EVENTS);
		});
	}

	/**
	 * Assert that the application's configurer was asked once, by Spring, and that its
	 * pool runs the {@code @Async} calls, which are {@code async_method} units and no
	 * {@code task} units.
	 */
	private static void assertConfigurerIsAskedOnlyBySpring(AssertableApplicationContext context) throws Exception {
		AtomicInteger calls = context.getBean("asyncExecutorCalls", AtomicInteger.class);
		assertThat(calls).hasValue(0);
		UnitCounts counts = UnitCounts.since(context.getBean(MeterRegistry.class));
		Greeter greeter = context.getBean(Greeter.class);
		assertThat(greeter.threadName().get(10, TimeUnit.SECONDS)).startsWith("made-");
		assertThat(greeter.threadName().get(10, TimeUnit.SECONDS)).startsWith("made-");
		assertThat(calls).hasValue(1);
		counts.awaitCount("async_method", "Greeter.threadName", "finished", 2);
		assertThat(counts.names("task")).isEmpty();
		assertThat(entries(context)).allSatisfy(
				(entry) -> assertThat(entry.usedFor()).doesNotContain(ExecutorCoverage.ASYNC_DEFAULT));
	}

	private static ExecutorCoverage.Entry entry(AssertableApplicationContext context, String bean) {
		return entries(context).stream()
			.filter((entry) -> bean.equals(entry.bean()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No entry for " + bean + " in " + entries(context)));
	}

	private static List<ExecutorCoverage.Entry> entries(AssertableApplicationContext context) {
		return context.getBean(ExecutorCoverage.class).entries();
	}

	private static ThreadPoolTaskExecutor pool(String prefix) {
		ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
		pool.setThreadNamePrefix(prefix);
		pool.setDaemon(true);
		pool.initialize();
		return pool;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncEnabled {

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

	}

	static class Greeter {

		@Async
		public CompletableFuture<String> threadName() {
			return CompletableFuture.completedFuture(Thread.currentThread().getName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class JobsExecutor {

		@Bean(destroyMethod = "shutdown")
		ThreadPoolTaskExecutor jobs() {
			ThreadPoolTaskExecutor jobs = new ThreadPoolTaskExecutor();
			jobs.setThreadNamePrefix("jobs-");
			return jobs;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainExecutor {

		@Bean
		Executor plain() {
			return Runnable::run;
		}

	}

	static class BeanConfigurer implements AsyncConfigurer {

		private final TaskExecutor jobs;

		BeanConfigurer(TaskExecutor jobs) {
			this.jobs = jobs;
		}

		@Override
		public Executor getAsyncExecutor() {
			return this.jobs;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CallCounting {

		@Bean
		AtomicInteger asyncExecutorCalls() {
			return new AtomicInteger();
		}

	}

	/**
	 * A configurer that makes a new pool on every call, as many do.
	 */
	static class PoolMakingConfigurer implements AsyncConfigurer {

		private final AtomicInteger calls;

		PoolMakingConfigurer(AtomicInteger asyncExecutorCalls) {
			this.calls = asyncExecutorCalls;
		}

		@Override
		public Executor getAsyncExecutor() {
			this.calls.incrementAndGet();
			return pool("made-");
		}

	}

	/**
	 * An application class that is its own {@code AsyncConfigurer}, with bean methods of
	 * its own (among them an executor, without which Spring Boot would replace the
	 * configurer by its own wrapper, which its bean methods cannot run on).
	 */
	@Configuration
	@EnableAsync
	static class ConfigurerApplication implements AsyncConfigurer {

		@Autowired
		private AtomicInteger asyncExecutorCalls;

		@Bean
		String greeting() {
			return "hello";
		}

		@Bean(destroyMethod = "shutdown")
		ThreadPoolTaskExecutor jobs() {
			return new ThreadPoolTaskExecutor();
		}

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

		@Override
		public Executor getAsyncExecutor() {
			this.asyncExecutorCalls.incrementAndGet();
			return pool("made-");
		}

	}

	/**
	 * An application class that is its own {@code AsyncConfigurer} and leaves the
	 * executor to Spring Boot, which wraps it.
	 */
	@Configuration
	@EnableAsync
	static class NullConfigurerApplication implements AsyncConfigurer {

	}

	@Configuration(proxyBeanMethods = false)
	static class Greeting {

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class Ticking {

		@Bean
		Ticker ticker() {
			return new Ticker();
		}

	}

	static class Ticker {

		final CountDownLatch ticks = new CountDownLatch(2);

		volatile String thread = "";

		@Scheduled(fixedDelay = 10)
		void tick() {
			this.thread = Thread.currentThread().getName();
			this.ticks.countDown();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnScheduler implements SchedulingConfigurer, DisposableBean {

		private final ScheduledExecutorService scheduler = Executors
			.newSingleThreadScheduledExecutor((task) -> new Thread(task, "own-scheduler"));

		@Override
		public void configureTasks(ScheduledTaskRegistrar registrar) {
			registrar.setScheduler(this.scheduler);
		}

		@Override
		public void destroy() {
			this.scheduler.shutdownNow();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BeanScheduler {

		@Bean
		ThreadPoolTaskScheduler jobsScheduler() {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setThreadNamePrefix("jobs-scheduler-");
			return scheduler;
		}

		@Bean
		SchedulingConfigurer jobsSchedulerConfigurer(ThreadPoolTaskScheduler jobsScheduler) {
			return (registrar) -> registrar.setTaskScheduler(jobsScheduler);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AsyncEvents {

		@Bean(destroyMethod = "shutdown")
		ThreadPoolTaskExecutor eventExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setThreadNamePrefix("events-");
			return executor;
		}

		@Bean
		SimpleApplicationEventMulticaster applicationEventMulticaster(TaskExecutor eventExecutor) {
			SimpleApplicationEventMulticaster multicaster = new SimpleApplicationEventMulticaster();
			multicaster.setTaskExecutor(eventExecutor);
			return multicaster;
		}

		@Bean
		PingListener pingListener() {
			return new PingListener();
		}

	}

	static class Ping extends ApplicationEvent {

		Ping(Object source) {
			super(source);
		}

	}

	static class PingListener implements ApplicationListener<Ping> {

		final CountDownLatch pinged = new CountDownLatch(1);

		@Override
		public void onApplicationEvent(Ping event) {
			this.pinged.countDown();
		}

	}

}
