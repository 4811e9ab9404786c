package io.github.asynctelemetry.task;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that what {@link SpringTaskShapes} knows of Spring's own tasks holds for the
 * Spring Framework and Spring Boot on the class path: run on each Spring Boot line in CI,
 * they fail when a release changes one of those facts.
 */
class SpringTaskShapesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class));

	@Test
	void registrarHandsTheSchedulerEachScheduledMethodAsADescribedSchedulingAwareRunnable() {
		this.contextRunner.withUserConfiguration(Scheduling.class).run((context) -> {
			List<Runnable> scheduled = context.getBean(RecordingScheduler.class).scheduled;
			assertThat(scheduled).singleElement().satisfies((runnable) -> {
				assertThat(SpringTaskShapes.isScheduledRun(runnable.getClass())).isTrue();
				assertThat(SpringTaskShapes.scheduledName(runnable.toString())).isEqualTo("Audit.run");
			});
		});
	}

	@Test
	void springBootsOwnAsyncConfigurerHasTheKnownNameAndReturnsItsExecutorBean() {
		this.contextRunner.withUserConfiguration(Async.class).run((context) -> {
			assertThat(context).hasBean(SpringTaskShapes.BOOT_ASYNC_CONFIGURER);
			AsyncConfigurer configurer = context.getBean(SpringTaskShapes.BOOT_ASYNC_CONFIGURER, AsyncConfigurer.class);
			assertThat(SpringTaskShapes.isBootAsyncConfigurer(SpringTaskShapes.BOOT_ASYNC_CONFIGURER, configurer))
				.isTrue();
			assertThat(configurer.getAsyncExecutor()).isSameAs(context.getBean("applicationTaskExecutor"));
		});
	}

	@Test
	void applicationsAsyncConfigurerIsNotTakenForSpringBootsOwn() {
		this.contextRunner.withUserConfiguration(Async.class, OwnConfigurer.class).run((context) -> {
			String[] names = context.getBeanNamesForType(AsyncConfigurer.class);
			assertThat(names).singleElement()
				.satisfies((name) -> assertThat(
						SpringTaskShapes.isBootAsyncConfigurer(name, context.getBean(name, AsyncConfigurer.class)))
					.isFalse());
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class Scheduling implements SchedulingConfigurer {

		private final RecordingScheduler scheduler = new RecordingScheduler();

		@Bean
		RecordingScheduler recordingScheduler() {
			return this.scheduler;
		}

		@Bean
		Audit audit() {
			return new Audit();
		}

		@Override
		public void configureTasks(org.springframework.scheduling.config.ScheduledTaskRegistrar registrar) {
			registrar.setScheduler(this.scheduler);
		}

	}

	static class Audit {

		@Scheduled(fixedRate = 3_600_000, initialDelay = 3_600_000)
		void run() {
		}

	}

	/**
	 * A scheduler that records what it is given and never runs it.
	 */
	static class RecordingScheduler extends ThreadPoolTaskScheduler {

		final List<Runnable> scheduled = new CopyOnWriteArrayList<>();

		@Override
		public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, java.time.Instant startTime, Duration period) {
			this.scheduled.add(task);
			return super.scheduleAtFixedRate(task, startTime, period);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class Async {

	}

	static class OwnConfigurer implements AsyncConfigurer {

	}

}
