package io.github.asynctelemetry.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import io.github.asynctelemetry.task.AsyncTasks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
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

/**
 * Soak: drives at least 200,000 mixed units ({@code @Async} calls, executor tasks and
 * returned futures, in every state) through a pool of four threads and a tiny pool that
 * refuses work, then checks that the meters equal the driver's own tally for every
 * type, name and state, that no unit is left counted as active once all have ended,
 * that every selected unit has exactly one span, that no worker
 * thread is left with a span, observation or MDC entry, and that the heap used after a
 * full collection is back within 20 MB of where it started.
 * <p>
 * {@code -Dasynctelemetry.soak.units=1000000} runs it with a million units.
 *
 * @author Async Telemetry team
 */
@SpringBootTest(classes = SoakTests.SoakApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "otel.instrumentation.async.method-names-to-trace=SoakService.ok,SoakService.fail,"
				+ "SoakService.refused", "otel.instrumentation.async.task-names-to-trace=soak-traced",
				"otel.instrumentation.async.future-trace-enabled=true", "management.tracing.sampling.probability=1.0",
				"management.otlp.metrics.export.enabled=false" })
class SoakTests {

	/**
	 * The system property that sets the number of units.
	 */
	static final String UNITS_PROPERTY = "asynctelemetry.soak.units";

	/**
	 * The number of units of the run in CI.
	 */
	static final int DEFAULT_UNITS = 200_000;

	/**
	 * The property that makes the soak's pools run virtual threads.
	 */
	static final String VIRTUAL_THREADS_PROPERTY = "soak.virtual-threads";

	private static final long HEAP_TOLERANCE = 20L * 1024 * 1024;

	private static final int CYCLES_PER_BATCH = 100;

	private static final int REJECTIONS_PER_BATCH = 5;

	private static final String TASK = "soak-task";

	private static final String TRACED_TASK = "soak-traced";

	private static final String BLOCKER = "soak-blocker";

	private static final String FILLER = "soak-filler";

	@Autowired
	private SoakService service;

	@Autowired
	private SoakQuotes quotes;

	@Autowired
	@Qualifier("soakExecutor")
	private ThreadPoolTaskExecutor executor;

	@Autowired
	@Qualifier("tinyExecutor")
	private ThreadPoolTaskExecutor tiny;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private SpanCounter spans;

	@Autowired
	private Tracer tracer;

	@Autowired
	private ObservationRegistry observations;

	private final Tally tally = new Tally();

	@Test
	void meterCountsSpansWorkerThreadsAndHeapHoldUnderLoad() throws Exception {
		int units = Integer.getInteger(UNITS_PROPERTY, DEFAULT_UNITS);
		assertThat(units).isGreaterThanOrEqualTo(DEFAULT_UNITS);
		batch(0);
		quiesce();
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long heapBefore = heapAfterFullCollection(memory);
		long start = System.nanoTime();
		for (int batch = 1; this.tally.total() < units; batch++) {
			batch(batch);
		}
		quiesce();
		long elapsed = System.nanoTime() - start;
		long heapAfter = heapAfterFullCollection(memory);
		System.out.printf("Soak: %,d units in %.1f s; heap used after full GC %,d -> %,d bytes%n",
				this.tally.total(), elapsed / 1e9, heapBefore, heapAfter);
		assertThat(this.tally.total()).isGreaterThanOrEqualTo(units);
		assertThat(this.tally.states()).containsExactlyInAnyOrder("finished", "exception", "cancelled", "timeout",
				"rejected");
		assertThat(this.tally.types()).containsExactlyInAnyOrder("async_method", "task", "future");
		assertThat(counts()).isEqualTo(this.tally.counts());
		assertThat(timerCounts()).isEqualTo(this.tally.counts());
		assertThat(activeGauges()).isNotEmpty().allSatisfy((unit, active) -> assertThat(active).as(unit).isZero());
		assertThat(this.spans.counts()).isEqualTo(this.tally.tracedCounts());
		assertWorkersAreClean(this.executor);
		assertWorkersAreClean(this.tiny);
		assertThat(heapAfter - heapBefore).isLessThan(HEAP_TOLERANCE);
	}

	/**
	 * One batch: {@value #CYCLES_PER_BATCH} cycles of every unit the pool runs, then the
	 * refusals of the tiny pool; waits for every result of the batch.
	 */
	private void batch(int batch) throws Exception {
		List<CompletableFuture<String>> calls = new ArrayList<>();
		List<Future<String>> submitted = new ArrayList<>();
		CountDownLatch executed = new CountDownLatch(CYCLES_PER_BATCH);
		for (int cycle = 0; cycle < CYCLES_PER_BATCH; cycle++) {
			String value = "v" + batch + "-" + cycle;
			IllegalStateException failure = new IllegalStateException("soak failure");
			asyncMethods(value, failure, calls);
			tasks(value, failure, submitted, executed);
			futures(value, failure);
		}
		refusals();
		assertThat(executed.await(60, TimeUnit.SECONDS)).isTrue();
		for (CompletableFuture<String> call : calls) {
			try {
				call.get(60, TimeUnit.SECONDS);
			}
			catch (ExecutionException | CancellationException ex) {
				// the outcome is checked by the meters
			}
		}
		for (Future<String> task : submitted) {
			try {
				task.get(60, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				// the outcome is checked by the meters
			}
		}
	}

	private void asyncMethods(String value, IllegalStateException failure, List<CompletableFuture<String>> calls) {
		calls.add(this.service.ok(value));
		this.tally.async("SoakService.ok", "finished", true);
		calls.add(this.service.fail(failure));
		this.tally.async("SoakService.fail", "exception", true);
		calls.add(this.service.cancelled());
		this.tally.async("SoakService.cancelled", "cancelled", false);
		calls.add(this.service.timedOut());
		this.tally.async("SoakService.timedOut", "timeout", false);
	}

	private void tasks(String value, IllegalStateException failure, List<Future<String>> submitted,
			CountDownLatch executed) {
		submitted.add(this.executor.submit(AsyncTasks.named(TASK, () -> value)));
		this.tally.task(TASK, "finished");
		this.executor.execute(AsyncTasks.named(TRACED_TASK, executed::countDown));
		this.tally.task(TRACED_TASK, "finished");
		submitted.add(this.executor.submit(AsyncTasks.named(TASK, () -> {
			throw failure;
		})));
		this.tally.task(TASK, "exception");
		submitted.add(this.executor.submit(AsyncTasks.named(TASK, () -> {
			throw new TimeoutException("soak timeout");
		})));
		this.tally.task(TASK, "timeout");
		FutureTask<String> cancelled = new FutureTask<>(() -> value);
		cancelled.cancel(false);
		AsyncTasks.named(TASK, this.executor).execute(cancelled);
		this.tally.task(TASK, "cancelled");
	}

	private void futures(String value, IllegalStateException failure) throws Exception {
		assertThat(this.quotes.completed(value).get()).isEqualTo(value);
		this.tally.future("SoakQuotes.completed", "finished");
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> this.quotes.failed(failure).get())
			.satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failure));
		this.tally.future("SoakQuotes.failed", "exception");
		CompletableFuture<String> later = this.quotes.pending();
		later.complete(value);
		this.tally.future("SoakQuotes.pending", "finished");
		CompletableFuture<String> cancelled = this.quotes.pending();
		cancelled.cancel(false);
		this.tally.future("SoakQuotes.pending", "cancelled");
		CompletableFuture<String> timedOut = this.quotes.pending();
		timedOut.completeExceptionally(new TimeoutException("soak timeout"));
		this.tally.future("SoakQuotes.pending", "timeout");
	}

	/**
	 * Refusals by the tiny pool (one thread, a queue of one): its thread is held by a
	 * blocker and its queue by a filler while tasks and {@code @Async} calls are
	 * submitted, so that every one of them is refused.
	 */
	private void refusals() throws Exception {
		CountDownLatch blocked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.tiny.execute(AsyncTasks.named(BLOCKER, () -> {
			blocked.countDown();
			await(release);
		}));
		this.tally.task(BLOCKER, "finished");
		assertThat(blocked.await(60, TimeUnit.SECONDS)).isTrue();
		Future<String> filler = this.tiny.submit(AsyncTasks.named(FILLER, () -> FILLER));
		this.tally.task(FILLER, "finished");
		for (int i = 0; i < REJECTIONS_PER_BATCH; i++) {
			assertThatExceptionOfType(TaskRejectedException.class)
				.isThrownBy(() -> this.tiny.execute(AsyncTasks.named(TASK, () -> {
				})));
			this.tally.task(TASK, "rejected");
			assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(this.service::refused);
			this.tally.async("SoakService.refused", "rejected", true);
		}
		release.countDown();
		assertThat(filler.get(60, TimeUnit.SECONDS)).isEqualTo(FILLER);
	}

	/**
	 * Wait until both pools have fully run every unit submitted so far, their recording
	 * included: a probe on every thread of a pool runs only after each thread finished
	 * what it took from the queue before.
	 */
	private void quiesce() throws Exception {
		WorkerProbe.probe(this.executor.getThreadPoolExecutor(), () -> null);
		WorkerProbe.probe(this.tiny.getThreadPoolExecutor(), () -> null);
	}

	private void assertWorkersAreClean(ThreadPoolTaskExecutor pool) throws Exception {
		List<String> seen = WorkerProbe.probe(pool.getThreadPoolExecutor(), () -> {
			Object span = this.tracer.currentSpan();
			boolean otelSpan = Span.current().getSpanContext().isValid();
			Object observation = this.observations.getCurrentObservation();
			Map<String, String> mdc = MDC.getCopyOfContextMap();
			return (span == null && !otelSpan && observation == null && (mdc == null || mdc.isEmpty())) ? "clean"
					: span + " " + Span.current() + " " + observation + " " + mdc;
		});
		assertThat(seen).hasSize(pool.getCorePoolSize()).containsOnly("clean");
	}

	private Map<String, Long> counts() {
		Map<String, Long> counts = new TreeMap<>();
		for (Counter counter : this.registry.find("asyncio.process.count").counters()) {
			if (counter.count() > 0) {
				counts.put(Tally.key(counter.getId().getTag("type"), counter.getId().getTag("name"),
						counter.getId().getTag("state")), (long) counter.count());
			}
		}
		return withoutProbes(counts);
	}

	private Map<String, Long> timerCounts() {
		Map<String, Long> counts = new TreeMap<>();
		for (Timer timer : this.registry.find("asyncio.process.duration").timers()) {
			if (timer.count() > 0) {
				counts.put(Tally.key(timer.getId().getTag("type"), timer.getId().getTag("name"),
						timer.getId().getTag("state")), timer.count());
			}
		}
		return withoutProbes(counts);
	}

	private Map<String, Double> activeGauges() {
		Map<String, Double> active = new TreeMap<>();
		for (Gauge gauge : this.registry.find("asyncio.process.active").gauges()) {
			active.put(gauge.getId().getTag("type") + " " + gauge.getId().getTag("name"), gauge.value());
		}
		active.keySet().removeIf((key) -> key.startsWith("task WorkerProbe.probe"));
		return active;
	}

	private static Map<String, Long> withoutProbes(Map<String, Long> counts) {
		counts.keySet().removeIf((key) -> key.startsWith("task WorkerProbe.probe "));
		return counts;
	}

	private static long heapAfterFullCollection(MemoryMXBean memory) {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(60, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The driver's own count of units by type, name and state, and of those that are
	 * selected for a span.
	 */
	static final class Tally {

		private final Map<String, long[]> counts = new LinkedHashMap<>();

		private final Map<String, long[]> traced = new LinkedHashMap<>();

		private long total;

		static String key(String type, String name, String state) {
			return type + " " + name + " " + state;
		}

		/**
		 * An {@code @Async} call returning a {@code CompletableFuture}: an
		 * {@code async_method} unit and, unless it was refused, a {@code future} unit
		 * (futures are all traced).
		 */
		void async(String name, String state, boolean traced) {
			add(key("async_method", name, state), traced);
			if (!state.equals("rejected")) {
				add(key("future", name, state), true);
			}
		}

		void task(String name, String state) {
			add(key("task", name, state), name.equals(TRACED_TASK));
		}

		void future(String name, String state) {
			add(key("future", name, state), true);
		}

		private void add(String key, boolean selected) {
			this.counts.computeIfAbsent(key, (k) -> new long[1])[0]++;
			if (selected) {
				this.traced.computeIfAbsent(key, (k) -> new long[1])[0]++;
			}
			this.total++;
		}

		long total() {
			return this.total;
		}

		Map<String, Long> counts() {
			return toMap(this.counts);
		}

		Map<String, Long> tracedCounts() {
			return toMap(this.traced);
		}

		List<String> states() {
			return this.counts.keySet().stream().map((key) -> key.substring(key.lastIndexOf(' ') + 1)).distinct().toList();
		}

		List<String> types() {
			return this.counts.keySet().stream().map((key) -> key.substring(0, key.indexOf(' '))).distinct().toList();
		}

		private static Map<String, Long> toMap(Map<String, long[]> counts) {
			Map<String, Long> map = new TreeMap<>();
			counts.forEach((key, count) -> map.put(key, count[0]));
			return map;
		}

	}

	/**
	 * Counts ended spans by the unit they stand for, without keeping them.
	 */
	static final class SpanCounter implements SpanProcessor {

		private static final AttributeKey<String> TYPE = AttributeKey.stringKey("asyncio.type");

		private static final AttributeKey<String> NAME = AttributeKey.stringKey("asyncio.name");

		private static final AttributeKey<String> STATE = AttributeKey.stringKey("asyncio.state");

		private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			String type = span.getAttribute(TYPE);
			String key = (type != null) ? Tally.key(type, span.getAttribute(NAME), span.getAttribute(STATE))
					: "other " + span.getName();
			this.counts.computeIfAbsent(key, (k) -> new LongAdder()).increment();
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

		Map<String, Long> counts() {
			Map<String, Long> counts = new TreeMap<>();
			this.counts.forEach((key, count) -> counts.put(key, count.sum()));
			return counts;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@Import({ SoakService.class, SoakQuotes.class })
	static class SoakApplication {

		@Bean
		SimpleMeterRegistry simpleMeterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		SpanCounter spanCounter() {
			return new SpanCounter();
		}

		@Bean
		ThreadPoolTaskExecutor soakExecutor(ThreadPoolTaskExecutorBuilder builder, @Value("${" + VIRTUAL_THREADS_PROPERTY + ":false}") boolean virtual) {
			ThreadPoolTaskExecutor executor = builder.build();
			executor.setVirtualThreads(virtual);
			executor.setCorePoolSize(4);
			executor.setMaxPoolSize(4);
			executor.setQueueCapacity(10_000);
			executor.setThreadNamePrefix("soak-");
			return executor;
		}

		@Bean
		ThreadPoolTaskExecutor tinyExecutor(ThreadPoolTaskExecutorBuilder builder, @Value("${" + VIRTUAL_THREADS_PROPERTY + ":false}") boolean virtual) {
			ThreadPoolTaskExecutor executor = builder.build();
			executor.setVirtualThreads(virtual);
			executor.setCorePoolSize(1);
			executor.setMaxPoolSize(1);
			executor.setQueueCapacity(1);
			executor.setThreadNamePrefix("tiny-");
			return executor;
		}

	}

	static class SoakService {

		@Async("soakExecutor")
		public CompletableFuture<String> ok(String value) {
			return CompletableFuture.completedFuture(value);
		}

		@Async("soakExecutor")
		public CompletableFuture<String> fail(RuntimeException failure) {
			throw failure;
		}

		@Async("soakExecutor")
		public CompletableFuture<String> cancelled() {
			CompletableFuture<String> future = new CompletableFuture<>();
			future.cancel(false);
			return future;
		}

		@Async("soakExecutor")
		public CompletableFuture<String> timedOut() {
			return CompletableFuture.failedFuture(new TimeoutException("soak timeout"));
		}

		@Async("tinyExecutor")
		public CompletableFuture<String> refused() {
			return CompletableFuture.completedFuture("never");
		}

	}

	static class SoakQuotes {

		public CompletableFuture<String> completed(String value) {
			return CompletableFuture.completedFuture(value);
		}

		public CompletableFuture<String> failed(RuntimeException failure) {
			return CompletableFuture.failedFuture(failure);
		}

		public CompletableFuture<String> pending() {
			return new CompletableFuture<>();
		}

	}

}
