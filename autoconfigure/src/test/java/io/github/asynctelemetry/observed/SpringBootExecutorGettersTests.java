package io.github.asynctelemetry.observed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.assertj.core.util.introspection.PropertyOrFieldSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Spring Boot's own expectations hold with the starter: the executors and schedulers
 * Spring Boot builds, built once without the starter and once with it, answer every
 * public getter the same, are of the same class, and hold the state that Spring Boot's
 * own {@code TaskExecutionAutoConfigurationTests} and
 * {@code TaskSchedulingAutoConfigurationTests} read (DESIGN.md section 8: observed,
 * never altered).
 *
 * @author Async Telemetry team
 */
class SpringBootExecutorGettersTests {

	private static final String[] POOL_PROPERTIES = { "spring.task.execution.pool.queue-capacity=10",
			"spring.task.execution.pool.core-size=2", "spring.task.execution.pool.max-size=4",
			"spring.task.execution.pool.allow-core-thread-timeout=true", "spring.task.execution.pool.keep-alive=5s",
			"spring.task.execution.pool.shutdown.accept-tasks-after-context-close=true",
			"spring.task.execution.shutdown.await-termination=true",
			"spring.task.execution.shutdown.await-termination-period=30s",
			"spring.task.execution.thread-name-prefix=mytest-", "spring.task.scheduling.pool.size=3",
			"spring.task.scheduling.shutdown.await-termination=true",
			"spring.task.scheduling.shutdown.await-termination-period=30s",
			"spring.task.scheduling.thread-name-prefix=scheduling-test-" };

	private static final String[] SIMPLE_PROPERTIES = { "spring.threads.virtual.enabled=true",
			"spring.task.execution.simple.cancel-remaining-tasks-on-close=true",
			"spring.task.execution.simple.reject-tasks-when-limit-reached=true",
			"spring.task.execution.simple.concurrency-limit=1", "spring.task.execution.shutdown.await-termination=true",
			"spring.task.execution.shutdown.await-termination-period=30s",
			"spring.task.execution.thread-name-prefix=mytest-", "spring.task.scheduling.simple.concurrency-limit=1",
			"spring.task.scheduling.shutdown.await-termination=true",
			"spring.task.scheduling.shutdown.await-termination-period=30s",
			"spring.task.scheduling.thread-name-prefix=scheduling-test-" };

	/**
	 * The state of a {@code ThreadPoolTaskExecutor} that Spring Boot's tests read as
	 * fields.
	 */
	private static final String[] POOL_EXECUTOR_FIELDS = { "queueCapacity", "allowCoreThreadTimeOut",
			"acceptTasksAfterContextClose", "waitForTasksToCompleteOnShutdown", "awaitTerminationMillis" };

	/**
	 * The state of a {@code ThreadPoolTaskScheduler} that Spring Boot's tests read as
	 * fields.
	 */
	private static final String[] POOL_SCHEDULER_FIELDS = { "waitForTasksToCompleteOnShutdown",
			"awaitTerminationMillis", "acceptTasksAfterContextClose" };

	/**
	 * The state of a {@code SimpleAsyncTaskExecutor} that Spring Boot's tests read as
	 * fields.
	 */
	private static final String[] SIMPLE_EXECUTOR_FIELDS = { "cancelRemainingTasksOnClose",
			"rejectTasksWhenLimitReached", "taskTerminationTimeout" };

	/**
	 * The state of a {@code SimpleAsyncTaskScheduler} that Spring Boot's builder sets.
	 */
	private static final String[] SIMPLE_SCHEDULER_FIELDS = { "taskTerminationTimeout" };

	@Test
	void platformThreadExecutorAndSchedulerAnswerAsWithoutTheStarter() {
		compare((runner) -> runner.withPropertyValues(POOL_PROPERTIES)
			.withUserConfiguration(SchedulingEnabled.class), (without, with) -> {
				assertSameBean(without, with, "applicationTaskExecutor", POOL_EXECUTOR_FIELDS);
				assertSameBean(without, with, "taskScheduler", POOL_SCHEDULER_FIELDS);
			});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadExecutorAndSchedulerAnswerAsWithoutTheStarter() {
		compare((runner) -> runner.withPropertyValues(SIMPLE_PROPERTIES)
			.withUserConfiguration(SchedulingEnabled.class), (without, with) -> {
				assertSameBean(without, with, "applicationTaskExecutor", SIMPLE_EXECUTOR_FIELDS);
				assertSameBean(without, with, "taskScheduler", SIMPLE_SCHEDULER_FIELDS);
			});
	}

	@Test
	void platformThreadExecutorAndSchedulerWithATaskDecoratorBeanAnswerAsWithoutTheStarterAndRunTheDecorator() {
		compare((runner) -> runner.withPropertyValues(POOL_PROPERTIES)
			.withUserConfiguration(SchedulingEnabled.class)
			.withBean("tenantTaskDecorator", TaskDecorator.class, TenantTaskDecorator::new), (without, with) -> {
				assertSameBean(without, with, "applicationTaskExecutor", POOL_EXECUTOR_FIELDS);
				assertSameBean(without, with, "taskScheduler", POOL_SCHEDULER_FIELDS);
				assertDecoratorRunsAroundTasks(without, with);
			});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadExecutorAndSchedulerWithATaskDecoratorBeanAnswerAsWithoutTheStarterAndRunTheDecorator() {
		compare((runner) -> runner.withPropertyValues(SIMPLE_PROPERTIES)
			.withPropertyValues("spring.task.execution.simple.concurrency-limit=2")
			.withUserConfiguration(SchedulingEnabled.class)
			.withBean("tenantTaskDecorator", TaskDecorator.class, TenantTaskDecorator::new), (without, with) -> {
				assertSameBean(without, with, "applicationTaskExecutor", SIMPLE_EXECUTOR_FIELDS);
				assertSameBean(without, with, "taskScheduler", SIMPLE_SCHEDULER_FIELDS);
				assertDecoratorRunsAroundTasks(without, with);
			});
	}

	@Test
	void executorsWithTheApplicationsAsyncConfigurerAnswerAsWithoutTheStarter() {
		compare((runner) -> runner.withPropertyValues(POOL_PROPERTIES)
			.withUserConfiguration(SchedulingEnabled.class, AsyncConfigurerConfiguration.class), (without, with) -> {
				assertSameBean(without, with, "applicationTaskExecutor", POOL_EXECUTOR_FIELDS);
				assertSameBean(without, with, "taskScheduler", POOL_SCHEDULER_FIELDS);
				Executor expected = without.getBean(AsyncConfigurer.class).getAsyncExecutor();
				Executor actual = with.getBean(AsyncConfigurer.class).getAsyncExecutor();
				assertThat(PublicGetters.differences(expected, actual)).as("the configurer's executor").isEmpty();
				assertThat(PublicGetters.differences(without.getBean(AsyncConfigurer.class),
						with.getBean(AsyncConfigurer.class)))
					.as("the configurer")
					.isEmpty();
			});
	}

	@Test
	void mockedPoolBeansAnswerAsWithoutTheStarter() {
		compare((runner) -> runner.withUserConfiguration(SchedulingEnabled.class)
			.withBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class, () -> mock(ThreadPoolTaskExecutor.class))
			.withBean("taskScheduler", ThreadPoolTaskScheduler.class, () -> mock(ThreadPoolTaskScheduler.class)),
				(without, with) -> {
					assertSameBean(without, with, "applicationTaskExecutor");
					assertSameBean(without, with, "taskScheduler");
				});
	}

	private static void compare(UnaryOperator<ApplicationContextRunner> application, Comparison comparison) {
		application.apply(ObservedContexts.withoutStarter()).run((without) -> {
			assertThat(without).hasNotFailed();
			application.apply(ObservedContexts.withStarter()).run((with) -> {
				assertThat(with).hasNotFailed();
				comparison.compare(without, with);
			});
		});
	}

	/**
	 * Assert that a bean answers every public getter as without the starter and holds the
	 * same values in the fields that Spring Boot's tests read, listing every difference.
	 */
	private static void assertSameBean(AssertableApplicationContext without, AssertableApplicationContext with,
			String beanName, String... fields) {
		Object expected = without.getBean(beanName);
		Object actual = with.getBean(beanName);
		List<String> differences = new ArrayList<>(PublicGetters.differences(expected, actual));
		for (String field : fields) {
			Object want = PropertyOrFieldSupport.EXTRACTION.getValueOf(field, expected);
			Object got = PropertyOrFieldSupport.EXTRACTION.getValueOf(field, actual);
			if (!Objects.equals(want, got)) {
				differences.add("field " + field + ": expected " + want + " but was " + got);
			}
		}
		assertThat(differences).as("'%s' with the starter", beanName).isEmpty();
	}

	private static void assertDecoratorRunsAroundTasks(AssertableApplicationContext without,
			AssertableApplicationContext with) throws Exception {
		assertThat(decoration(with)).isEqualTo(decoration(without)).containsExactly("decorated", "decorated");
	}

	/**
	 * Return what a task run by the application's executor, and one run by its
	 * scheduler, see of the application's decorator.
	 */
	private static List<String> decoration(AssertableApplicationContext context) throws Exception {
		AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
		TaskScheduler scheduler = context.getBean("taskScheduler", TaskScheduler.class);
		String onExecutor = executor.submit(TenantTaskDecorator::current).get(10, TimeUnit.SECONDS);
		CompletableFuture<String> scheduled = new CompletableFuture<>();
		scheduler.schedule(() -> scheduled.complete(TenantTaskDecorator.current()), Instant.now());
		return List.of(onExecutor, scheduled.get(10, TimeUnit.SECONDS));
	}

	@FunctionalInterface
	private interface Comparison {

		void compare(AssertableApplicationContext without, AssertableApplicationContext with) throws Exception;

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingEnabled {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfigurerConfiguration {

		@Bean
		ApplicationAsyncConfigurer applicationAsyncConfigurer() {
			return new ApplicationAsyncConfigurer();
		}

	}

	static class ApplicationAsyncConfigurer implements AsyncConfigurer, DisposableBean {

		private final ThreadPoolTaskExecutor myExecutor;

		ApplicationAsyncConfigurer() {
			this.myExecutor = new ThreadPoolTaskExecutor();
			this.myExecutor.setCorePoolSize(1);
			this.myExecutor.setThreadNamePrefix("mine-");
			this.myExecutor.initialize();
		}

		@Override
		public Executor getAsyncExecutor() {
			return this.myExecutor;
		}

		@Override
		public void destroy() {
			this.myExecutor.shutdown();
		}

	}

}
