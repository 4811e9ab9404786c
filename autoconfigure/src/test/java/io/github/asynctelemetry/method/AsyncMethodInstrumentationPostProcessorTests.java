package io.github.asynctelemetry.method;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.future.FutureTracker;
import io.github.asynctelemetry.lifecycle.UnitLifecycle;
import io.github.asynctelemetry.names.NameSelector;
import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.github.asynctelemetry.unit.UnitType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncAnnotationAdvisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AsyncMethodInstrumentationPostProcessor} on hand-made proxies, without
 * an application context.
 *
 * @author Async Telemetry team
 */
class AsyncMethodInstrumentationPostProcessorTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	AsyncMethodInstrumentationPostProcessorTests() {
		AsyncUnitRecorder recorder = new AsyncUnitRecorder(this.registry, new FailureLog());
		this.beanFactory.registerSingleton("recorder", recorder);
		this.beanFactory.registerSingleton("selection",
				new TraceSelection(NameSelector.of("methods", List.of("*")), NameSelector.none(), false));
		this.beanFactory.registerSingleton("futures", new FutureTracker(new UnitLifecycle(recorder, UnitTracer.NOOP)));
		this.beanFactory.registerSingleton("context", ContextCapture.of());
	}

	@Test
	void beanInstrumentedTwiceRecordsOneSamplePerCall() {
		Worker worker = proxy(new SyncTaskExecutor());
		Object once = postProcessor().postProcessAfterInitialization(worker, "worker");
		Object twice = postProcessor().postProcessAfterInitialization(once, "worker");
		assertThat(((Advised) twice).getAdvisors()).hasSize(3);
		for (int i = 0; i < 20; i++) {
			((Worker) twice).work().join();
		}
		assertThat(count("async_method", "finished")).isEqualTo(20);
		assertThat(count("future", "finished")).isEqualTo(20);
	}

	@Test
	void refusedSubmissionIsRejectedAndTheCallerGetsTheSameException() {
		TaskRejectedException refusal = new TaskRejectedException("full");
		Executor refusing = (task) -> {
			throw refusal;
		};
		Worker worker = (Worker) postProcessor().postProcessAfterInitialization(proxy(refusing), "worker");
		assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(worker::work)
			.satisfies((ex) -> assertThat(ex.getCause()).isSameAs(refusal));
		assertThat(count("async_method", "rejected")).isEqualTo(1);
		assertThat(count("future", "rejected")).isZero();
	}

	@Test
	void durationOfAnAsyncMethodReturningAnIncompleteFutureRunsToItsCompletion() throws Exception {
		Worker worker = (Worker) postProcessor().postProcessAfterInitialization(proxy(new SimpleAsyncTaskExecutor()),
				"worker");
		CompletableFuture<String> release = new CompletableFuture<>();
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<String> pending = worker.pending(started, release);
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(count("async_method", "finished")).isZero();
		Thread.sleep(20);
		release.complete("done");
		assertThat(pending.get(5, TimeUnit.SECONDS)).isEqualTo("done");
		awaitCount("async_method", "finished", 1);
		assertThat(this.registry.get("asyncio.process.duration").tag("type", "async_method").timer()
			.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(20);
	}

	@Test
	void traceDecisionsAreNotedOnTheUnitsAtTheFirstCall() {
		Worker worker = (Worker) postProcessor().postProcessAfterInitialization(proxy(new SyncTaskExecutor()),
				"worker");
		AsyncUnitRecorder recorder = this.beanFactory.getBean(AsyncUnitRecorder.class);
		assertThat(recorder.seen()).isEmpty();
		worker.work().join();
		assertThat(recorder.sources(recorder.unit(UnitType.ASYNC_METHOD, "Worker.work")).containsValue(true)).isTrue();
		assertThat(recorder.sources(recorder.unit(UnitType.FUTURE, "Worker.work")).containsValue(true)).isFalse();
	}

	@Test
	void frozenProxyIsLeftAlone() {
		ProxyFactory factory = proxyFactory(new SyncTaskExecutor());
		factory.setFrozen(true);
		Object bean = factory.getProxy();
		assertThat(postProcessor().postProcessAfterInitialization(bean, "worker")).isSameAs(bean);
		assertThat(((Advised) bean).getAdvisors()).hasSize(1);
	}

	@Test
	void beanWithoutAsyncAdvisorIsLeftAlone() {
		Worker plain = new Worker();
		assertThat(postProcessor().postProcessAfterInitialization(plain, "plain")).isSameAs(plain);
	}

	private AsyncMethodInstrumentationPostProcessor postProcessor() {
		return new AsyncMethodInstrumentationPostProcessor(provider(AsyncUnitRecorder.class),
				provider(UnitTracer.class), provider(TraceSelection.class), provider(FutureTracker.class),
				provider(ContextCapture.class));
	}

	private <T> ObjectProvider<T> provider(Class<T> type) {
		return this.beanFactory.getBeanProvider(type);
	}

	private Worker proxy(Executor executor) {
		return (Worker) proxyFactory(executor).getProxy();
	}

	private ProxyFactory proxyFactory(Executor executor) {
		AsyncAnnotationAdvisor advisor = new AsyncAnnotationAdvisor(() -> executor, null);
		advisor.setBeanFactory(this.beanFactory);
		ProxyFactory factory = new ProxyFactory(new Worker());
		factory.setProxyTargetClass(true);
		factory.addAdvisor(advisor);
		return factory;
	}

	private void awaitCount(String type, String state, double expected) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (count(type, state) < expected && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(count(type, state)).isEqualTo(expected);
	}

	private double count(String type, String state) {
		Counter counter = this.registry.find("asyncio.process.count").tags("type", type, "state", state).counter();
		return (counter != null) ? counter.count() : 0;
	}

	static class Worker {

		@Async
		public CompletableFuture<String> work() {
			return CompletableFuture.completedFuture("done");
		}

		@Async
		public CompletableFuture<String> pending(CountDownLatch started, CompletableFuture<String> release) {
			started.countDown();
			return release;
		}

	}

}
