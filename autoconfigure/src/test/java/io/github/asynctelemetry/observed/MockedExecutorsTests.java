package io.github.asynctelemetry.observed;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Executor and scheduler beans that are Mockito mocks, as {@code @MockitoBean} makes
 * them, never fail start-up, and the {@code asyncio} endpoint lists them (DESIGN.md
 * sections 8 and 10).
 *
 * @author Async Telemetry team
 */
class MockedExecutorsTests {

	private final ApplicationContextRunner contextRunner = ObservedContexts.withStarter()
		.withUserConfiguration(SchedulingEnabled.class);

	@Test
	void applicationWithAMockedSchedulerStartsAndTheEndpointListsIt() {
		this.contextRunner
			.withBean("taskScheduler", ThreadPoolTaskScheduler.class, () -> mock(ThreadPoolTaskScheduler.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(beans(ObservedContexts.endpointExecutors(context))).contains("taskScheduler");
			});
	}

	@Test
	void applicationWithAMockedExecutorStartsAndTheEndpointListsIt() {
		this.contextRunner
			.withBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class,
					() -> mock(ThreadPoolTaskExecutor.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(beans(ObservedContexts.endpointExecutors(context))).contains("applicationTaskExecutor");
			});
	}

	private static List<Object> beans(List<Map<String, Object>> executors) {
		return executors.stream().map((executor) -> executor.get("bean")).toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingEnabled {

	}

}
