package io.github.asynctelemetry.task;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link ExecutorLoad}: what each kind of executor tells of its load through
 * its public getters, held busy with latches.
 *
 * @author Async Telemetry team
 */
class ExecutorLoadTests {

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch started = new CountDownLatch(1);

	@AfterEach
	void releaseTasks() {
		this.release.countDown();
	}

	@Test
	void threadPoolTaskExecutorTellsItsRunningAndWaitingTasksAndItsMaximumSize() throws Exception {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		executor.setQueueCapacity(5);
		executor.initialize();
		try {
			executor.execute(this::hold);
			executor.execute(this::hold);
			executor.execute(this::hold);
			assertThat(this.started.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(ExecutorLoad.of(executor, null)).isEqualTo(new ExecutorLoad(1, 2, 1));
		}
		finally {
			this.release.countDown();
			executor.shutdown();
		}
	}

	@Test
	void threadPoolTaskExecutorWithAnUnboundedQueueIsLimitedByItsCoreSize() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(3);
		executor.initialize();
		try {
			assertThat(ExecutorLoad.of(executor, null)).isEqualTo(new ExecutorLoad(0, 0, 3));
		}
		finally {
			executor.shutdown();
		}
	}

	@Test
	void jdkPoolWithAnUnboundedQueueOfAnyKindIsLimitedByItsCoreSize() throws Exception {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 4, 1, TimeUnit.MINUTES, new LinkedTransferQueue<>());
		try {
			pool.execute(this::hold);
			assertThat(this.started.await(10, TimeUnit.SECONDS)).isTrue();
			pool.execute(this::hold);
			assertThat(ExecutorLoad.of(pool, null)).isEqualTo(new ExecutorLoad(1, 1, 1));
		}
		finally {
			this.release.countDown();
			pool.shutdown();
		}
	}

	@Test
	void schedulerCountsOnlyTheTasksThatAreDueAsQueued() throws Exception {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.initialize();
		try {
			scheduler.execute(this::hold);
			assertThat(this.started.await(10, TimeUnit.SECONDS)).isTrue();
			scheduler.execute(this::hold);
			scheduler.schedule(this::hold, Instant.now().plus(Duration.ofHours(1)));
			scheduler.getScheduledThreadPoolExecutor().schedule(this::hold, 1, TimeUnit.HOURS);
			assertThat(ExecutorLoad.of(scheduler, null)).isEqualTo(new ExecutorLoad(1, 1, 1));
		}
		finally {
			this.release.countDown();
			scheduler.shutdown();
		}
	}

	@Test
	void jdkPoolsTellTheirLoad() throws Exception {
		ThreadPoolExecutor fixed = new ThreadPoolExecutor(2, 4, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(10));
		ExecutorService cached = Executors.newCachedThreadPool();
		ScheduledThreadPoolExecutor scheduled = new ScheduledThreadPoolExecutor(2);
		ForkJoinPool forkJoin = new ForkJoinPool(3);
		try {
			fixed.execute(this::hold);
			assertThat(this.started.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(ExecutorLoad.of(fixed, null)).isEqualTo(new ExecutorLoad(1, 0, 4));
			assertThat(ExecutorLoad.of(cached, null)).isEqualTo(new ExecutorLoad(0, 0, null));
			assertThat(ExecutorLoad.of(scheduled, null)).isEqualTo(new ExecutorLoad(0, 0, 2));
			assertThat(ExecutorLoad.of(forkJoin, null)).isEqualTo(new ExecutorLoad(0, 0, 3));
		}
		finally {
			this.release.countDown();
			fixed.shutdown();
			cached.shutdown();
			scheduled.shutdown();
			forkJoin.shutdown();
		}
	}

	@Test
	void simpleAsyncTaskExecutorTellsOnlyItsConcurrencyLimit() {
		SimpleAsyncTaskExecutor unbounded = new SimpleAsyncTaskExecutor();
		SimpleAsyncTaskExecutor limited = new SimpleAsyncTaskExecutor();
		limited.setConcurrencyLimit(4);
		assertThat(ExecutorLoad.of(unbounded, null)).isEqualTo(ExecutorLoad.UNKNOWN);
		assertThat(ExecutorLoad.of(limited, null)).isEqualTo(new ExecutorLoad(null, null, 4));
	}

	@Test
	void adapterTellsTheLoadOfTheExecutorItAdapts() throws Exception {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
		try {
			pool.execute(this::hold);
			assertThat(this.started.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(ExecutorLoad.of(new ConcurrentTaskExecutor(pool), null)).isEqualTo(new ExecutorLoad(1, 0, 1));
		}
		finally {
			this.release.countDown();
			pool.shutdown();
		}
	}

	@Test
	void countedPoolTellsTheStartersCountOfItsRunningTasks() throws Exception {
		TaskCount count = new TaskCount();
		ExecutorService pool = Executors.newCachedThreadPool();
		try {
			pool.execute(count.count((Runnable) this::hold));
			assertThat(this.started.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(ExecutorLoad.of(pool, count)).isEqualTo(new ExecutorLoad(1, null, null));
		}
		finally {
			this.release.countDown();
			pool.shutdown();
		}
	}

	@Test
	void getterThatThrowsLeavesOnlyItsOwnValueOut() {
		ThreadPoolTaskExecutor executor = mock(ThreadPoolTaskExecutor.class);
		given(executor.getActiveCount()).willReturn(2);
		given(executor.getQueueSize()).willThrow(new IllegalStateException("not initialised"));
		given(executor.getMaxPoolSize()).willThrow(new IllegalStateException("not initialised"));
		assertThat(ExecutorLoad.of(executor, null)).isEqualTo(new ExecutorLoad(2, null, null));
	}

	@Test
	void schedulerThatIsNotInitialisedTellsNoQueueAndNoLimit() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		assertThat(ExecutorLoad.of(scheduler, null)).isEqualTo(new ExecutorLoad(0, null, null));
	}

	@Test
	void unknownExecutorTellsNothing() {
		assertThat(ExecutorLoad.of((Executor) Runnable::run, null)).isEqualTo(ExecutorLoad.UNKNOWN);
		assertThat(ExecutorLoad.of(null, null)).isEqualTo(ExecutorLoad.UNKNOWN);
	}

	private void hold() {
		this.started.countDown();
		try {
			this.release.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
