package io.github.asynctelemetry.benchmarks;

import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.asynctelemetry.task.AsyncTelemetryTaskDecorator;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Tasks and {@code @Async} calls under contention: {@value #THREADS} benchmark threads,
 * each in its own caller's observation, submit to one {@code ThreadPoolTaskExecutor} bean
 * of {@value #WORKERS} threads that they share. The pool is built with Spring Boot's
 * {@link ThreadPoolTaskExecutorBuilder}, which composes the application's
 * {@code TaskDecorator} beans into it, so that each variant gets its decorator the way an
 * application does: {@code bare} (the starter disabled, no decorator),
 * {@code contextPropagatingDecorator} (the starter disabled, a Spring
 * {@link ContextPropagatingTaskDecorator} bean: context only, the floor) and
 * {@code untraced} (the starter on, no names to trace: its
 * {@link AsyncTelemetryTaskDecorator} bean, context and meters).
 * <p>
 * One operation is a batch of {@value #BATCH} units that the benchmark thread submits and
 * then waits for, so that the pool's queue never holds more than
 * {@value #THREADS} × {@value #BATCH} units and each operation measures work done, not
 * work queued; the figure is the time per unit ({@link OperationsPerInvocation}), as one
 * benchmark thread sees it. {@code tasks} submits a task class of the application, which
 * counts down the batch's latch; {@code asyncCalls} calls a trivial {@code @Async} method
 * on the pool through its Spring proxy and joins the returned futures.
 * <p>
 * After the run, each variant checks what it claims: whether the caller's observation is
 * current in a task and in an {@code @Async} body on the pool (the caller's, or none for
 * {@code bare}), and every task and call counted once in {@code asyncio.process.count}
 * with the starter on, none with it off, no span.
 *
 * @author Async Telemetry team
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@Threads(ContendedBenchmark.THREADS)
public class ContendedBenchmark {

	/**
	 * The benchmark threads, which all submit to the one pool.
	 */
	static final int THREADS = 8;

	/**
	 * The pool's threads: as many as submitters, as in the contended application of
	 * issue 19, which on two CPUs keeps every CPU busy with submitters and workers alike.
	 */
	static final int WORKERS = 8;

	/**
	 * The units of one operation.
	 */
	static final int BATCH = 100;

	private static final String DISABLED = "otel.instrumentation.async.enabled=false";

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void tasks(Application application, Submitter submitter) throws InterruptedException {
		submitter.submitTasks();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public int asyncCalls(Application application, Submitter submitter) {
		return submitter.callAsync();
	}

	/**
	 * A user-written task class: it counts down the latch of its batch.
	 */
	public static final class CountDownTask implements Runnable {

		private final CountDownLatch batch;

		CountDownTask(CountDownLatch batch) {
			this.batch = batch;
		}

		@Override
		public void run() {
			this.batch.countDown();
		}

	}

	/**
	 * A task that notes the observation current where it runs.
	 */
	static final class ObservationProbe implements Runnable {

		private final ObservationRegistry registry;

		private final CompletableFuture<Optional<Observation>> seen = new CompletableFuture<>();

		ObservationProbe(ObservationRegistry registry) {
			this.registry = registry;
		}

		@Override
		public void run() {
			this.seen.complete(Optional.ofNullable(this.registry.getCurrentObservation()));
		}

	}

	/**
	 * The {@code @Async} bean: a trivial method on the shared pool, and a probe of the
	 * observation current in its bodies.
	 */
	public static class ContendedWorker {

		private final ObservationRegistry registry;

		public ContendedWorker(ObservationRegistry registry) {
			this.registry = registry;
		}

		/**
		 * Do a trivial piece of asynchronous work.
		 * @param value the input
		 * @return the completed result
		 */
		@Async(BenchmarkApplication.EXECUTOR)
		public CompletableFuture<Integer> work(int value) {
			return CompletableFuture.completedFuture(value + 1);
		}

		/**
		 * Return the observation current in the body, called once per benchmark thread
		 * after the measured calls.
		 * @return the observation, if any
		 */
		@Async(BenchmarkApplication.EXECUTOR)
		public CompletableFuture<Optional<Observation>> currentObservation() {
			return CompletableFuture.completedFuture(Optional.ofNullable(this.registry.getCurrentObservation()));
		}

	}

	/**
	 * The application that the benchmark threads share: its pool, its {@code @Async} bean
	 * and the variant's decorator. JMH tears it down before the threads' own
	 * {@link Submitter} states, so it checks the run when torn down and the last
	 * submitter to leave closes it.
	 */
	@State(Scope.Benchmark)
	public static class Application {

		/**
		 * The variant: which decorator the pool has.
		 */
		@Param({ "bare", "contextPropagatingDecorator", "untraced" })
		public String variant;

		BenchmarkRun run;

		ThreadPoolTaskExecutor executor;

		ContendedWorker worker;

		private final Queue<Submitter> submitters = new ConcurrentLinkedQueue<>();

		private final AtomicInteger open = new AtomicInteger();

		private long probes;

		@Setup(Level.Trial)
		public void setUp() {
			this.run = switch (this.variant) {
				case "bare" -> BenchmarkRun.startShared(Application::register, DISABLED);
				case "contextPropagatingDecorator" -> BenchmarkRun.startShared((context) -> {
					register(context);
					context.registerBean(ContextPropagatingTaskDecorator.class);
				}, DISABLED);
				case "untraced" -> BenchmarkRun.startShared(Application::register);
				default -> throw new IllegalArgumentException("Unknown variant " + this.variant);
			};
			this.executor = this.run.bean(BenchmarkApplication.EXECUTOR, ThreadPoolTaskExecutor.class);
			this.worker = this.run.bean(ContendedWorker.class);
		}

		private static void register(GenericApplicationContext context) {
			context.registerBean(ContendedWorker.class);
			context.registerBean(BenchmarkApplication.EXECUTOR, ThreadPoolTaskExecutor.class,
					() -> context.getBean(ThreadPoolTaskExecutorBuilder.class)
						.corePoolSize(WORKERS)
						.maxPoolSize(WORKERS)
						.threadNamePrefix("contended-")
						.build());
		}

		/**
		 * Check the run, once every benchmark thread has finished its operations: the
		 * context in a task and in an {@code @Async} body, then, once the pool has ended
		 * every task, the units.
		 */
		@TearDown(Level.Trial)
		public void tearDown() throws InterruptedException {
			verifyContext();
			ThreadPoolExecutor pool = this.executor.getThreadPoolExecutor();
			pool.shutdown();
			this.run.expect(pool.awaitTermination(10, TimeUnit.SECONDS), "the pool to end its tasks");
			verifyUnits();
		}

		/**
		 * Check, from the benchmark thread that tears the application down, whose
		 * caller's observation is still open, which observation is current in a task and
		 * in an {@code @Async} body on the pool: the caller's where the variant
		 * propagates context, none for {@code bare}.
		 */
		private void verifyContext() {
			ObservationRegistry registry = this.run.bean(ObservationRegistry.class);
			@Nullable Observation caller = registry.getCurrentObservation();
			this.run.expect(caller != null, "a caller's observation open on the benchmark thread");
			ObservationProbe probe = new ObservationProbe(registry);
			this.executor.execute(probe);
			@Nullable Observation inTask = probe.seen.join().orElse(null);
			@Nullable Observation inCall = this.worker.currentObservation().join().orElse(null);
			this.probes++;
			@Nullable Observation expected = ("bare".equals(this.variant)) ? null : caller;
			this.run.expect(inTask == expected,
					"the observation current in a task on the pool to be " + expected + ", not " + inTask);
			this.run.expect(inCall == expected,
					"the observation current in an @Async body on the pool to be " + expected + ", not " + inCall);
		}

		/**
		 * Check the units: one per task and per call with the starter on (a call is an
		 * {@code async_method} unit, and its task no {@code task} unit), none with it off,
		 * and no span.
		 */
		private void verifyUnits() {
			long tasks = this.probes;
			long calls = this.probes;
			for (Submitter submitter : this.submitters) {
				tasks += submitter.tasks;
				calls += submitter.calls;
			}
			this.run.expect(tasks + calls > 2 * this.probes, "tasks or calls to run");
			boolean starter = "untraced".equals(this.variant);
			long taskUnits = (starter) ? tasks : 0;
			long callUnits = (starter) ? calls : 0;
			this.run.expect(this.run.units("task") == taskUnits, taskUnits + " task units, one per task");
			this.run.expect(this.run.units("async_method") == callUnits,
					callUnits + " async_method units, one per @Async call");
			this.run.expect(this.run.spanNames().isEmpty(), "no span");
		}

		/**
		 * Note a benchmark thread's submitter, which opens its caller on that thread.
		 * @param submitter the submitter
		 * @return the caller's observation, open on the calling thread
		 */
		BenchmarkRun.Caller join(Submitter submitter) {
			this.submitters.add(submitter);
			this.open.incrementAndGet();
			return this.run.openCaller();
		}

		/**
		 * Note that a submitter closed its caller; the last one closes the application.
		 */
		void leave() {
			if (this.open.decrementAndGet() == 0) {
				this.run.close();
			}
		}

	}

	/**
	 * One benchmark thread: its caller's observation, open on it for the whole run, and
	 * its batches. Its counts are read by the {@link Application} when torn down, after
	 * every thread has finished its operations.
	 */
	@State(Scope.Thread)
	public static class Submitter {

		private final CompletableFuture<?>[] futures = new CompletableFuture<?>[BATCH];

		private Application application;

		private BenchmarkRun.Caller caller;

		long tasks;

		long calls;

		@Setup(Level.Trial)
		public void setUp(Application application) {
			this.application = application;
			this.caller = application.join(this);
		}

		void submitTasks() throws InterruptedException {
			CountDownLatch batch = new CountDownLatch(BATCH);
			CountDownTask task = new CountDownTask(batch);
			ThreadPoolTaskExecutor executor = this.application.executor;
			for (int i = 0; i < BATCH; i++) {
				executor.execute(task);
			}
			batch.await();
			this.tasks += BATCH;
		}

		int callAsync() {
			ContendedWorker worker = this.application.worker;
			CompletableFuture<?>[] futures = this.futures;
			for (int i = 0; i < BATCH; i++) {
				futures[i] = worker.work(i);
			}
			int sum = 0;
			for (CompletableFuture<?> future : futures) {
				sum += (Integer) future.join();
			}
			this.calls += BATCH;
			return sum;
		}

		/**
		 * Close the caller's observation on this thread, and the application after the
		 * last thread.
		 */
		@TearDown(Level.Trial)
		public void tearDown() {
			try {
				this.caller.close();
			}
			finally {
				this.application.leave();
			}
		}

	}

}
