package io.github.asynctelemetry.task;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.example.orders.OrderService;
import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.names.NameSelector;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitConventions;
import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitState;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TaskExecutorTelemetryPostProcessor}.
 */
class TaskExecutorTelemetryPostProcessorTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final TelemetryTaskDecorator decorator = new TelemetryTaskDecorator(
			new AsyncUnitRecorder(this.registry, new FailureLog()), NameSelector.none(), 200, UnitTracer.NOOP, ContextCapture.of());

	private final TaskExecutorTelemetryPostProcessor postProcessor;

	TaskExecutorTelemetryPostProcessorTests() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerSingleton("decorator", this.decorator);
		this.postProcessor = new TaskExecutorTelemetryPostProcessor(
				beanFactory.getBeanProvider(TelemetryTaskDecorator.class));
	}

	@Test
	void threadPoolTaskExecutorKeepsItsOwnDecoratorAndGetsOurs() throws Exception {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setTaskDecorator(new MdcCopyingTaskDecorator());
		process(executor);
		try {
			AtomicReference<String> tenant = new AtomicReference<>();
			MDC.put("tenant", "acme");
			try {
				executor.submit(AsyncTasks.named("with-mdc", () -> tenant.set(MDC.get("tenant")))).get();
			}
			finally {
				MDC.remove("tenant");
			}
			assertThat(tenant.get()).isEqualTo("acme");
			assertThat(ReflectionTestUtils.getField(executor, "taskDecorator"))
				.isInstanceOf(CompositeTaskDecorator.class);
			awaitCount("with-mdc", UnitState.FINISHED, executor.getThreadPoolExecutor());
		}
		finally {
			executor.shutdown();
		}
	}

	@Test
	void executorWithoutDecoratorGetsOurs() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		process(executor);
		try {
			assertThat(ReflectionTestUtils.getField(executor, "taskDecorator")).isSameAs(this.decorator);
		}
		finally {
			executor.shutdown();
		}
	}

	@Test
	void executorWhoseDecoratorContainsOursIsLeftAlone() {
		TaskDecorator bootComposed = new CompositeTaskDecorator(List.of(this.decorator, new MdcCopyingTaskDecorator()));
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setTaskDecorator(bootComposed);
		process(executor);
		try {
			assertThat(ReflectionTestUtils.getField(executor, "taskDecorator")).isSameAs(bootComposed);
			assertThat(executor.getThreadPoolExecutor().getRejectedExecutionHandler())
				.isInstanceOf(RejectionRecordingHandler.class);
		}
		finally {
			executor.shutdown();
		}
	}

	@Test
	void everySupportedExecutorTypeRunsOurDecorator() {
		ThreadPoolTaskScheduler threadPoolScheduler = new ThreadPoolTaskScheduler();
		SimpleAsyncTaskExecutor simpleExecutor = new SimpleAsyncTaskExecutor();
		SimpleAsyncTaskScheduler simpleScheduler = new SimpleAsyncTaskScheduler();
		simpleScheduler.setTaskDecorator(new MdcCopyingTaskDecorator());
		for (Object executor : List.of(threadPoolScheduler, simpleExecutor, simpleScheduler)) {
			process(executor);
		}
		try {
			assertThat(ReflectionTestUtils.getField(threadPoolScheduler, "taskDecorator")).isSameAs(this.decorator);
			assertThat(ReflectionTestUtils.getField(simpleExecutor, "taskDecorator")).isSameAs(this.decorator);
			assertThat(ReflectionTestUtils.getField(simpleScheduler, "taskDecorator"))
				.isInstanceOf(CompositeTaskDecorator.class);
			assertThat(threadPoolScheduler.getScheduledThreadPoolExecutor().getRejectedExecutionHandler())
				.isInstanceOf(RejectionRecordingHandler.class);
		}
		finally {
			threadPoolScheduler.shutdown();
			simpleExecutor.close();
			simpleScheduler.close();
		}
	}

	@Test
	void refusedTaskIsCountedAsRejectedAndTheSubmitterGetsTaskRejectedException() throws Exception {
		ThreadPoolTaskExecutor executor = singleThreadWithoutQueue();
		process(executor);
		CountDownLatch release = new CountDownLatch(1);
		try {
			executor.execute(AsyncTasks.named("blocker", () -> await(release)));
			assertThatExceptionOfType(TaskRejectedException.class)
				.isThrownBy(() -> executor.execute(AsyncTasks.named("refused", () -> {
				})));
			assertThatExceptionOfType(TaskRejectedException.class)
				.isThrownBy(() -> new OrderService().submitInvoice(executor, () -> {
				}));
			assertThat(count("refused", UnitState.REJECTED)).isOne();
			assertThat(count("OrderService.submitInvoice", UnitState.REJECTED)).isOne();
		}
		finally {
			release.countDown();
			executor.shutdown();
		}
		assertThat(count("refused", UnitState.FINISHED)).isZero();
	}

	@Test
	void taskRunByTheCallerAfterARejectionIsCountedOnce() {
		ThreadPoolTaskExecutor executor = singleThreadWithoutQueue();
		executor.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
		process(executor);
		CountDownLatch release = new CountDownLatch(1);
		try {
			executor.execute(AsyncTasks.named("blocker", () -> await(release)));
			executor.execute(AsyncTasks.named("caller-runs", () -> {
			}));
			assertThat(count("caller-runs", UnitState.FINISHED)).isOne();
			assertThat(count("caller-runs", UnitState.REJECTED)).isZero();
		}
		finally {
			release.countDown();
			executor.shutdown();
		}
	}

	@Test
	void otherBeansAreLeftAlone() {
		Object bean = new Object();
		assertThat(this.postProcessor.postProcessBeforeInitialization(bean, "bean")).isSameAs(bean);
		assertThat(this.postProcessor.postProcessAfterInitialization(bean, "bean")).isSameAs(bean);
	}

	private ThreadPoolTaskExecutor singleThreadWithoutQueue() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		executor.setQueueCapacity(0);
		return executor;
	}

	private void process(Object executor) {
		Object processed = this.postProcessor.postProcessBeforeInitialization(executor, "executor");
		assertThat(processed).isSameAs(executor);
		if (executor instanceof ThreadPoolTaskExecutor threadPool) {
			initializeIfNeeded(threadPool);
		}
		else if (executor instanceof ThreadPoolTaskScheduler scheduler) {
			scheduler.initialize();
		}
		assertThat(this.postProcessor.postProcessAfterInitialization(executor, "executor")).isSameAs(executor);
	}

	private static void initializeIfNeeded(ThreadPoolTaskExecutor executor) {
		try {
			executor.getThreadPoolExecutor();
		}
		catch (IllegalStateException ex) {
			executor.initialize();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitCount(String name, UnitState state, ThreadPoolExecutor pool) throws Exception {
		Future<?> drained = pool.submit(() -> {
		});
		drained.get();
		assertThat(count(name, state)).isOne();
	}

	private double count(String name, UnitState state) {
		Counter counter = this.registry.find(AsyncUnitConventions.COUNT_METER)
			.tags(AsyncUnitConventions.TYPE_TAG, "task", AsyncUnitConventions.NAME_TAG, name,
					AsyncUnitConventions.STATE_TAG, state.tagValue())
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
