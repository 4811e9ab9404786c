package io.github.asynctelemetry.reliability;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.asynctelemetry.task.AsyncTasks;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.UnitState;
import io.github.asynctelemetry.unit.UnitType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The {@code asyncio.process.active} gauge and the {@code active} count of each unit, in
 * a Spring Boot application, for every unit kind: {@code N} units started and {@code M}
 * ended leave exactly {@code N - M} active, in the unit and in the gauge; units that never start (refused by their
 * executor, cancelled before their body or task ran) are never active; a future that
 * never completes stays active and is still collected. Every unit is driven with latches
 * and futures completed by hand; waits are bounded.
 *
 * @author Async Telemetry team
 */
@SpringBootTest(classes = ActiveUnitsTests.ActiveApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "otel.instrumentation.async.method-names-to-trace=Worker.block",
				"otel.instrumentation.async.task-names-to-trace=blocking-task",
				"otel.instrumentation.async.future-trace-enabled=true", "management.tracing.sampling.probability=1.0",
				"management.otlp.metrics.export.enabled=false" })
class ActiveUnitsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	private Worker worker;

	@Autowired
	private Quotes quotes;

	@Autowired
	@Qualifier("workerExecutor")
	private ThreadPoolTaskExecutor workerExecutor;

	@Autowired
	@Qualifier("singleExecutor")
	private ThreadPoolTaskExecutor singleExecutor;

	@Autowired
	@Qualifier("tinyExecutor")
	private ThreadPoolTaskExecutor tinyExecutor;

	@Autowired
	private AsyncUnitRecorder recorder;

	@Autowired
	private MeterRegistry registry;

	private final List<CountDownLatch> releases = new ArrayList<>();

	@AfterEach
	void releaseEverything() {
		this.releases.forEach(CountDownLatch::countDown);
	}

	@Test
	void asyncCallsAreActiveFromTheStartOfTheirBodyUntilTheyEnd() throws Exception {
		CountDownLatch started = new CountDownLatch(3);
		List<CountDownLatch> calls = List.of(release(), release(), release());
		List<CompletableFuture<String>> results = new ArrayList<>();
		calls.forEach((release) -> results.add(this.worker.block(started, release)));
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertActive(UnitType.ASYNC_METHOD, "Worker.block", 3);
		assertActive(UnitType.FUTURE, "Worker.block", 3);
		calls.get(0).countDown();
		assertThat(results.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("released");
		awaitActive(UnitType.ASYNC_METHOD, "Worker.block", 2);
		awaitActive(UnitType.FUTURE, "Worker.block", 2);
		assertThat(recorded(UnitType.ASYNC_METHOD, "Worker.block")).isEqualTo(1);
		CompletableFuture<String> answer = new CompletableFuture<>();
		CompletableFuture<String> handedOff = this.worker.handOff(answer);
		awaitActive(UnitType.ASYNC_METHOD, "Worker.handOff", 1);
		assertThat(recorded(UnitType.ASYNC_METHOD, "Worker.handOff")).isZero();
		answer.complete("answered");
		assertThat(handedOff.get(10, TimeUnit.SECONDS)).isEqualTo("answered");
		awaitActive(UnitType.ASYNC_METHOD, "Worker.handOff", 0);
		assertThat(recorded(UnitType.ASYNC_METHOD, "Worker.handOff")).isEqualTo(1);
		calls.forEach(CountDownLatch::countDown);
		CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		awaitActive(UnitType.ASYNC_METHOD, "Worker.block", 0);
		awaitActive(UnitType.FUTURE, "Worker.block", 0);
		assertThat(recorded(UnitType.ASYNC_METHOD, "Worker.block")).isEqualTo(3);
	}

	@Test
	void asyncCallsRefusedOrCancelledBeforeTheirBodyStartsAreNeverActive() throws Exception {
		CountDownLatch tinyBusy = new CountDownLatch(1);
		CompletableFuture<String> holder = this.worker.holdTiny(tinyBusy, release());
		assertThat(tinyBusy.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<String> filler = this.worker.fillTiny();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(this.worker::refused);
		assertThat(this.recorder.unit(UnitType.ASYNC_METHOD, "Worker.refused").getRecorded(UnitState.REJECTED))
			.isEqualTo(1);
		assertActive(UnitType.ASYNC_METHOD, "Worker.refused", 0);
		assertActive(UnitType.FUTURE, "Worker.refused", 0);

		CountDownLatch singleBusy = new CountDownLatch(1);
		CountDownLatch releaseSingle = release();
		CompletableFuture<String> occupier = this.worker.holdSingle(singleBusy, releaseSingle);
		assertThat(singleBusy.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<String> queued = this.worker.queued();
		assertThat(queued.cancel(true)).isTrue();
		assertActive(UnitType.ASYNC_METHOD, "Worker.queued", 0);
		assertActive(UnitType.FUTURE, "Worker.queued", 0);
		assertThat(this.recorder.unit(UnitType.ASYNC_METHOD, "Worker.queued").getRecorded(UnitState.CANCELLED))
			.isEqualTo(1);
		releaseSingle.countDown();
		assertThat(occupier.get(10, TimeUnit.SECONDS)).isEqualTo("released");
		assertThat(this.worker.queued().get(10, TimeUnit.SECONDS)).isEqualTo("queued");
		awaitActive(UnitType.ASYNC_METHOD, "Worker.queued", 0);
		assertThat(recorded(UnitType.ASYNC_METHOD, "Worker.queued")).isEqualTo(2);
		assertThat(this.worker.queuedRuns()).isEqualTo(1);
		this.releases.forEach(CountDownLatch::countDown);
		assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("released");
		assertThat(filler.get(10, TimeUnit.SECONDS)).isEqualTo("filled");
		awaitActive(UnitType.ASYNC_METHOD, "Worker.holdTiny", 0);
		awaitActive(UnitType.ASYNC_METHOD, "Worker.fillTiny", 0);
	}

	@Test
	void tasksAreActiveWhileTheyRunAndNeverWhenTheyDoNotStart() throws Exception {
		CountDownLatch started = new CountDownLatch(3);
		List<CountDownLatch> runs = List.of(release(), release(), release());
		List<Future<?>> tasks = new ArrayList<>();
		for (CountDownLatch release : runs) {
			tasks.add(this.workerExecutor.submit(AsyncTasks.named("blocking-task", () -> {
				started.countDown();
				awaitRelease(release);
			})));
		}
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertActive(UnitType.TASK, "blocking-task", 3);
		runs.get(0).countDown();
		tasks.get(0).get(10, TimeUnit.SECONDS);
		awaitActive(UnitType.TASK, "blocking-task", 2);
		assertThat(recorded(UnitType.TASK, "blocking-task")).isEqualTo(1);

		CountDownLatch tinyBusy = new CountDownLatch(1);
		this.tinyExecutor.execute(AsyncTasks.named("tiny-holder", () -> {
			tinyBusy.countDown();
			awaitRelease(runs.get(1));
		}));
		assertThat(tinyBusy.await(10, TimeUnit.SECONDS)).isTrue();
		Future<String> filler = this.tinyExecutor.submit(AsyncTasks.named("tiny-filler", () -> "filled"));
		assertThatExceptionOfType(TaskRejectedException.class)
			.isThrownBy(() -> this.tinyExecutor.execute(AsyncTasks.named("refused-task", () -> {
			})));
		assertThat(this.recorder.unit(UnitType.TASK, "refused-task").getRecorded(UnitState.REJECTED)).isEqualTo(1);
		assertActive(UnitType.TASK, "refused-task", 0);

		CountDownLatch singleBusy = new CountDownLatch(1);
		CountDownLatch releaseSingle = release();
		Future<?> occupier = this.singleExecutor.submit(AsyncTasks.named("single-holder", () -> {
			singleBusy.countDown();
			awaitRelease(releaseSingle);
		}));
		assertThat(singleBusy.await(10, TimeUnit.SECONDS)).isTrue();
		Future<?> neverRun = this.singleExecutor.submit(AsyncTasks.named("never-run", () -> {
		}));
		assertThat(neverRun.cancel(false)).isTrue();
		FutureTask<String> cancelledTask = new FutureTask<>(() -> "never");
		cancelledTask.cancel(false);
		AsyncTasks.named("cancelled-task", this.singleExecutor).execute(cancelledTask);
		releaseSingle.countDown();
		occupier.get(10, TimeUnit.SECONDS);
		this.singleExecutor.submit(AsyncTasks.named("single-drain", () -> "drained")).get(10, TimeUnit.SECONDS);
		awaitRecorded(UnitType.TASK, "cancelled-task", 1);
		assertActive(UnitType.TASK, "cancelled-task", 0);
		assertThat(this.recorder.unit(UnitType.TASK, "cancelled-task").getRecorded(UnitState.CANCELLED)).isEqualTo(1);
		assertActive(UnitType.TASK, "never-run", 0);
		assertThat(recorded(UnitType.TASK, "never-run")).isZero();

		runs.forEach(CountDownLatch::countDown);
		for (Future<?> task : tasks) {
			task.get(10, TimeUnit.SECONDS);
		}
		assertThat(filler.get(10, TimeUnit.SECONDS)).isEqualTo("filled");
		awaitActive(UnitType.TASK, "blocking-task", 0);
		awaitActive(UnitType.TASK, "tiny-holder", 0);
		awaitActive(UnitType.TASK, "tiny-filler", 0);
		assertThat(recorded(UnitType.TASK, "blocking-task")).isEqualTo(3);
	}

	@Test
	void futuresAreActiveUntilTheyComplete() {
		List<CompletableFuture<String>> answers = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			CompletableFuture<String> answer = new CompletableFuture<>();
			assertThat(this.quotes.quote(answer)).isSameAs(answer);
			answers.add(answer);
		}
		this.quotes.quote(answers.get(0));
		assertActive(UnitType.FUTURE, "Quotes.quote", 5);
		answers.get(0).complete("done");
		answers.get(1).completeExceptionally(new IllegalStateException("failed"));
		answers.get(2).cancel(false);
		assertActive(UnitType.FUTURE, "Quotes.quote", 2);
		assertThat(recorded(UnitType.FUTURE, "Quotes.quote")).isEqualTo(3);
		answers.get(3).complete("done");
		answers.get(4).complete("done");
		assertActive(UnitType.FUTURE, "Quotes.quote", 0);
	}

	@Test
	void futuresThatNeverCompleteStayActiveAndAreCollected() {
		List<WeakReference<CompletableFuture<String>>> references = new ArrayList<>();
		for (int i = 0; i < 5_000; i++) {
			references.add(new WeakReference<>(this.quotes.neverAnswered()));
		}
		for (int attempt = 0; attempt < 20 && references.stream().anyMatch((ref) -> ref.get() != null); attempt++) {
			System.gc();
		}
		assertThat(references).allSatisfy((reference) -> assertThat(reference.get()).isNull());
		assertActive(UnitType.FUTURE, "Quotes.neverAnswered", 5_000);
		assertThat(recorded(UnitType.FUTURE, "Quotes.neverAnswered")).isZero();
	}

	private CountDownLatch release() {
		CountDownLatch release = new CountDownLatch(1);
		this.releases.add(release);
		return release;
	}

	/**
	 * Assert the active count of a unit, as the unit and the gauge report it.
	 */
	private void assertActive(UnitType type, String name, long expected) {
		assertThat(this.recorder.unit(type, name).getActive()).as("active %s %s", type.tagValue(), name)
			.isEqualTo(expected);
		Gauge gauge = this.registry.find("asyncio.process.active")
			.tags("type", type.tagValue(), "name", name)
			.gauge();
		if (gauge != null || expected != 0) {
			assertThat(gauge).as("gauge %s %s", type.tagValue(), name).isNotNull();
			assertThat(gauge.value()).isEqualTo(expected);
		}
	}

	/**
	 * Await the active count of a unit: a unit may end on another thread just after the
	 * caller has seen its result (the callback of a completed future can run after the
	 * waiting caller is released).
	 */
	private void awaitActive(UnitType type, String name, long expected) {
		await().atMost(TIMEOUT).untilAsserted(() -> assertActive(type, name, expected));
	}

	private void awaitRecorded(UnitType type, String name, long expected) {
		await().atMost(TIMEOUT).until(() -> recorded(type, name) == expected);
	}

	private long recorded(UnitType type, String name) {
		return this.recorder.unit(type, name).getRecorded();
	}

	private static void awaitRelease(CountDownLatch release) {
		try {
			assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@Import({ Worker.class, Quotes.class })
	static class ActiveApplication {

		@Bean
		SimpleMeterRegistry simpleMeterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ThreadPoolTaskExecutor workerExecutor(ThreadPoolTaskExecutorBuilder builder) {
			return executor(builder, "worker-", 8, 100);
		}

		@Bean
		ThreadPoolTaskExecutor singleExecutor(ThreadPoolTaskExecutorBuilder builder) {
			return executor(builder, "single-", 1, 100);
		}

		@Bean
		ThreadPoolTaskExecutor tinyExecutor(ThreadPoolTaskExecutorBuilder builder) {
			return executor(builder, "tiny-", 1, 1);
		}

		private static ThreadPoolTaskExecutor executor(ThreadPoolTaskExecutorBuilder builder, String prefix, int threads,
				int queue) {
			ThreadPoolTaskExecutor executor = builder.build();
			executor.setCorePoolSize(threads);
			executor.setMaxPoolSize(threads);
			executor.setQueueCapacity(queue);
			executor.setThreadNamePrefix(prefix);
			return executor;
		}

	}

	static class Worker {

		private final AtomicInteger queuedRuns = new AtomicInteger();

		public int queuedRuns() {
			return this.queuedRuns.get();
		}

		@Async("workerExecutor")
		public CompletableFuture<String> block(CountDownLatch started, CountDownLatch release) {
			started.countDown();
			awaitRelease(release);
			return CompletableFuture.completedFuture("released");
		}

		@Async("workerExecutor")
		public CompletableFuture<String> handOff(CompletableFuture<String> answer) {
			return answer;
		}

		@Async("tinyExecutor")
		public CompletableFuture<String> holdTiny(CountDownLatch busy, CountDownLatch release) {
			busy.countDown();
			awaitRelease(release);
			return CompletableFuture.completedFuture("released");
		}

		@Async("tinyExecutor")
		public CompletableFuture<String> fillTiny() {
			return CompletableFuture.completedFuture("filled");
		}

		@Async("tinyExecutor")
		public CompletableFuture<String> refused() {
			return CompletableFuture.completedFuture("never");
		}

		@Async("singleExecutor")
		public CompletableFuture<String> holdSingle(CountDownLatch busy, CountDownLatch release) {
			busy.countDown();
			awaitRelease(release);
			return CompletableFuture.completedFuture("released");
		}

		@Async("singleExecutor")
		public CompletableFuture<String> queued() {
			this.queuedRuns.incrementAndGet();
			return CompletableFuture.completedFuture("queued");
		}

	}

	static class Quotes {

		public CompletableFuture<String> quote(CompletableFuture<String> answer) {
			return answer;
		}

		public CompletableFuture<String> neverAnswered() {
			return new CompletableFuture<>();
		}

	}

}
