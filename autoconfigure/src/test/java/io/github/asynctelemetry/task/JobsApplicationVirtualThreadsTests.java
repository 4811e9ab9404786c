package io.github.asynctelemetry.task;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tests of {@link JobsApplicationTests} on Spring Boot's virtual-thread executor and
 * scheduler ({@code spring.threads.virtual.enabled=true}): {@code @Async} calls, executor
 * tasks, and {@code @Scheduled} fixed-delay ({@code FanOutJob}, which
 * {@link SimpleAsyncTaskScheduler} runs on its own scheduler thread) and fixed-rate
 * ({@code Ticker}, handed to a new virtual thread on every run) runs, with their meters,
 * names and context.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
@TestPropertySource(properties = "spring.threads.virtual.enabled=true")
class JobsApplicationVirtualThreadsTests extends JobsApplicationTests {

	@Autowired
	@Qualifier("taskScheduler")
	TaskScheduler scheduler;

	@Test
	void bootsVirtualThreadExecutorAndSchedulerAreTheOnesInstrumentedAndAreNotProxies() {
		assertThat(this.executor.getClass()).isEqualTo(SimpleAsyncTaskExecutor.class);
		assertThat(this.scheduler.getClass()).isEqualTo(SimpleAsyncTaskScheduler.class);
		assertThat(AopUtils.isAopProxy(this.executor)).isFalse();
		assertThat(AopUtils.isAopProxy(this.scheduler)).isFalse();
	}

}
