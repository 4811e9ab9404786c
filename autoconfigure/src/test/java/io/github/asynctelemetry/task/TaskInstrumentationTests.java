package io.github.asynctelemetry.task;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.example.orders.OrderService;
import com.example.orders.SlowReport;
import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.names.ApplicationPackages;
import io.github.asynctelemetry.names.NameSelector;
import io.github.asynctelemetry.task.RecordingTracer.RecordedSpan;
import io.github.asynctelemetry.tracing.UnitSpan;
import io.github.asynctelemetry.unit.AsyncUnitDocumentation;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.github.asynctelemetry.unit.UnitState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.interceptor.AsyncExecutionInterceptor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TaskInstrumentation} applied to real Spring executors and schedulers
 * through the {@link AsyncTelemetryTaskDecorator}, without an application context.
 */
@ExtendWith(OutputCaptureExtension.class)
class TaskInstrumentationTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final RecordingTracer tracer = new RecordingTracer();

	private final List<Runnable> shutdowns = new ArrayList<>();

	private ThreadPoolTaskExecutor executor = threadPool(1, 100, "SlowReport", "invoice-pdf", "failing");

	@AfterEach
	void shutdown() {
		this.shutdowns.forEach(Runnable::run);
	}

	@Test
	void otherBeansAndSpringExecutorsAreLeftAloneByThePostProcessor() {
		Object other = new Object();
		assertThat(postProcessor(instrumentation(200)).postProcessAfterInitialization(other, "other")).isSameAs(other);
		FinalExecutor finalExecutor = new FinalExecutor();
		assertThat(postProcessor(instrumentation(200)).postProcessAfterInitialization(finalExecutor, "final"))
			.isSameAs(finalExecutor);
		SimpleAsyncTaskExecutor simple = new SimpleAsyncTaskExecutor();
		assertThat(postProcessor(instrumentation(200)).postProcessAfterInitialization(simple, "simple"))
			.isSameAs(simple);
	}

	@Test
	void tracedRunnableClassIsRecordedForTheRunOfItsBodyInASpan() throws Exception {
		this.executor.execute(new SlowReport());
		drain();
		Timer timer = timer("SlowReport", UnitState.FINISHED);
		assertThat(timer.count()).isOne();
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(100);
		assertThat(this.tracer.spans).singleElement().satisfies((span) -> {
			assertThat(span.name).isEqualTo("task SlowReport");
			assertThat(span.state).isEqualTo(UnitState.FINISHED);
		});
	}

	@Test
	void taskClassExecutedIsNamedAfterItsClass() throws Exception {
		this.executor.execute(new SlowReport());
		drain();
		assertThat(count("SlowReport", UnitState.FINISHED)).isOne();
	}

	@Test
	void taskGivenToSubmitIsHiddenInAFutureTaskAndNamedAfterTheMethodThatSubmittedIt() throws Exception {
		new OrderService().submitInvoice(this.executor, new SlowReport()).get();
		drain();
		assertThat(count("OrderService.submitInvoice", UnitState.FINISHED)).isOne();
		assertThat(taskNames()).doesNotContain("FutureTask", "SlowReport");
	}

	@Test
	void explicitNameOfATaskGivenToSubmitIsTheNameOfItsRun() throws Exception {
		this.executor.submit(AsyncTasks.named("invoice-pdf", () -> "pdf")).get();
		drain();
		assertThat(count("invoice-pdf", UnitState.FINISHED)).isOne();
		assertThat(taskNames()).contains("invoice-pdf").doesNotContain(AsyncUnitDocumentation.TASK_FALLBACK_NAME);
		assertThat(this.tracer.spans).filteredOn((span) -> span.name.equals("task invoice-pdf")).hasSize(1);
	}

	@Test
	void untracedTaskGetsMetersButNoSpan() throws Exception {
		this.executor.execute(AsyncTasks.named("untraced", () -> {
		}));
		drain();
		assertThat(count("untraced", UnitState.FINISHED)).isOne();
		assertThat(this.tracer.spans).isEmpty();
	}

	@Test
	void failingSubmittedTaskIsRecordedAsExceptionAndTheSubmitterGetsTheSameInstance() throws Exception {
		IllegalStateException failure = new IllegalStateException("boom");
		Future<?> future = new OrderService().submitInvoice(this.executor, () -> {
			throw failure;
		});
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(future::get)
			.satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failure));
		drain();
		assertThat(count("OrderService.submitInvoice", UnitState.EXCEPTION)).isOne();
		assertThat(count("OrderService.submitInvoice", UnitState.FINISHED)).isZero();
	}

	@Test
	void failingTaskRethrowsTheSameInstanceAndEndsItsSpanInError() {
		TaskExecutorAdapter inline = inline(instrumentation(200, "failing"));
		IllegalStateException failure = new IllegalStateException("boom");
		Runnable body = () -> {
			throw failure;
		};
		assertThatThrownBy(() -> inline.execute(AsyncTasks.named("failing", body))).isSameAs(failure);
		assertThat(count("failing", UnitState.EXCEPTION)).isOne();
		assertThat(this.tracer.spans).singleElement().satisfies((span) -> {
			assertThat(span.state).isEqualTo(UnitState.EXCEPTION);
			assertThat(span.failure).isSameAs(failure);
		});
	}

	@Test
	void lambdasAndTheJdksWrappersAreNamedAfterTheSubmittingMethod() throws Exception {
		OrderService orders = new OrderService();
		orders.submitReport(this.executor, () -> {
		}).get();
		assertThat(orders.quote(this.executor).get()).isEqualTo("quote");
		orders.submitInvoice(this.executor, () -> {
		}).get();
		drain();
		assertThat(count("OrderService.submitReport", UnitState.FINISHED)).isOne();
		assertThat(count("OrderService.quote", UnitState.FINISHED)).isOne();
		assertThat(count("OrderService.submitInvoice", UnitState.FINISHED)).isOne();
		assertThat(taskNames()).noneMatch((name) -> name.contains("AsyncRun") || name.contains("Lambda")
				|| name.contains("CompletableFuture") || name.contains("FutureTask"));
	}

	@Test
	void explicitNameOfASubmittedCallableIsKnownAtSubmissionAndStartsItsSpan() throws Exception {
		Callable<String> render = () -> "pdf";
		Future<String> pdf = this.executor.submit(AsyncTasks.named("invoice-pdf", render));
		assertThat(pdf.get()).isEqualTo("pdf");
		drain();
		assertThat(count("invoice-pdf", UnitState.FINISHED)).isOne();
		assertThat(this.tracer.spans).singleElement().satisfies((span) -> {
			assertThat(span.name).isEqualTo("task invoice-pdf");
			assertThat(span.state).isEqualTo(UnitState.FINISHED);
		});
	}

	@Test
	void explicitNameOfARefusedTaskIsCountedAsRejected() throws Exception {
		ThreadPoolTaskExecutor tiny = threadPool(1, 0);
		CountDownLatch release = new CountDownLatch(1);
		tiny.execute(AsyncTasks.named("blocker", () -> awaitQuietly(release)));
		assertThatExceptionOfType(TaskRejectedException.class)
			.isThrownBy(() -> tiny.execute(AsyncTasks.named("invoice-pdf", () -> {
			})));
		release.countDown();
		assertThat(count("invoice-pdf", UnitState.REJECTED)).isOne();
		assertThat(tiny.getThreadPoolExecutor().getRejectedExecutionHandler()).isInstanceOf(RejectionRecorder.class);
	}

	@Test
	void refusedTracedTaskHasASpanEndedRejectedAsARefusedTracedAsyncCallHas() throws Exception {
		ThreadPoolTaskExecutor tiny = threadPool(1, 0, "invoice-pdf");
		CountDownLatch release = new CountDownLatch(1);
		tiny.execute(AsyncTasks.named("blocker", () -> awaitQuietly(release)));
		assertThatExceptionOfType(TaskRejectedException.class)
			.isThrownBy(() -> tiny.execute(AsyncTasks.named("invoice-pdf", () -> {
			})));
		release.countDown();
		assertThat(count("invoice-pdf", UnitState.REJECTED)).isOne();
		assertThat(this.tracer.spans).filteredOn((span) -> span.name.equals("task invoice-pdf"))
			.singleElement()
			.satisfies((span) -> assertThat(span.state).isEqualTo(UnitState.REJECTED));
	}

	@Test
	void taskRunByTheCallerAfterARejectionIsCountedOnceAsARun() throws Exception {
		ThreadPoolTaskExecutor tiny = threadPool(1, 0);
		tiny.getThreadPoolExecutor().setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
		CountDownLatch release = new CountDownLatch(1);
		tiny.execute(AsyncTasks.named("blocker", () -> awaitQuietly(release)));
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		tiny.execute(AsyncTasks.named("inline", () -> ranOn.set(Thread.currentThread())));
		release.countDown();
		assertThat(ranOn.get()).isSameAs(Thread.currentThread());
		assertThat(count("inline", UnitState.FINISHED)).isOne();
		assertThat(count("inline", UnitState.REJECTED)).isZero();
	}

	@Test
	void submitterContextIsCurrentInTheTaskAndTheWorkerIsCleanAfterwards() throws Exception {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler((context) -> true);
		AtomicReference<Observation> seenInTask = new AtomicReference<>();
		AtomicReference<Observation> seenAfterwards = new AtomicReference<>();
		Observation submitter = Observation.start("submitter", observations);
		try (Observation.Scope scope = submitter.openScope()) {
			this.executor.execute(AsyncTasks.named("in-context",
					() -> seenInTask.set(observations.getCurrentObservation())));
		}
		finally {
			submitter.stop();
		}
		this.executor.submit(AsyncTasks.named("later", () -> seenAfterwards.set(observations.getCurrentObservation())))
			.get();
		assertThat(seenInTask.get()).isSameAs(submitter);
		assertThat(seenAfterwards.get()).isNull();
	}

	@Test
	void taskNamesPastTheCapAreRecordedAsOtherWithOneWarning(CapturedOutput output) throws Exception {
		this.executor = threadPool(instrumentation(3), 1, 100);
		for (String name : List.of("alpha", "beta", "gamma", "delta", "epsilon")) {
			this.executor.submit(AsyncTasks.named(name, () -> {
			})).get();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> count("other", UnitState.FINISHED) == 2);
		assertThat(taskNames()).containsExactlyInAnyOrder("alpha", "beta", "gamma", "other");
		assertThat(output.toString().split("distinct task names were seen", -1)).hasSize(2);
	}

	@Test
	void taskPassedOnToAnotherInstrumentedExecutorIsCountedOnce() throws Exception {
		TaskInstrumentation instrumentation = instrumentation(200);
		TaskExecutorAdapter inner = inline(instrumentation);
		TaskExecutorAdapter outer = new TaskExecutorAdapter(new DelegatingExecutor(inner));
		outer.setTaskDecorator(new AsyncTelemetryTaskDecorator(() -> instrumentation));
		outer.execute(AsyncTasks.named("twice", () -> {
		}));
		assertThat(count("twice", UnitState.FINISHED)).isOne();
	}

	@Test
	void taskRunSynchronouslyInsideAnotherTaskIsItsOwnUnit() {
		TaskExecutorAdapter inline = inline(instrumentation(200));
		inline.execute(AsyncTasks.named("outer", () -> inline.execute(AsyncTasks.named("inner", () -> {
		}))));
		assertThat(count("outer", UnitState.FINISHED)).isOne();
		assertThat(count("inner", UnitState.FINISHED)).isOne();
	}

	@Test
	void taskSubmittedInsideATracedTaskHasItsSpanAsParent() throws Exception {
		this.executor = threadPool(1, 100, "*");
		TaskExecutorAdapter inline = inline(instrumentation(200, "*"));
		try (AutoCloseable propagation = RecordingTracer.propagate()) {
			inline.execute(AsyncTasks.named("parent", () -> this.executor.execute(AsyncTasks.named("child", () -> {
			}))));
			drain();
		}
		RecordedSpan parent = this.tracer.spans.stream()
			.filter((span) -> span.name.equals("task parent"))
			.findFirst()
			.orElseThrow();
		assertThat(this.tracer.spans).filteredOn((span) -> span.name.equals("task child"))
			.singleElement()
			.satisfies((span) -> assertThat(span.parent).isSameAs(parent));
		assertThat(RecordingTracer.current()).isNull();
	}

	@Test
	void triggerTaskOnAThreadPoolSchedulerKeepsItsNameAndTheSubmittersContextForEveryRun() throws Exception {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.initialize();
		this.shutdowns.add(scheduler::shutdown);
		assertEveryRunIsNamedAndInTheSubmittersContext(instrument(scheduler, instrumentation(200, "*")));
	}

	@Test
	void triggerTaskOnTheSimpleAsyncSchedulerThroughTheRegistrarsViewKeepsItsNameAndTheSubmittersContextForEveryRun()
			throws Exception {
		SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
		this.shutdowns.add(scheduler::close);
		TaskInstrumentation instrumentation = instrumentation(200, "*");
		ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();
		registrar.setTaskScheduler(instrument(scheduler, instrumentation));
		postProcessor(instrumentation).configureScheduler(registrar);
		assertThat(registrar.getScheduler()).isNotSameAs(scheduler);
		assertEveryRunIsNamedAndInTheSubmittersContext(registrar.getScheduler());
	}

	private void assertEveryRunIsNamedAndInTheSubmittersContext(TaskScheduler scheduler) throws Exception {
		CountDownLatch runs = new CountDownLatch(4);
		RecordedSpan submitter = new RecordedSpan("submitter", null);
		try (AutoCloseable propagation = RecordingTracer.propagate()) {
			ScheduledFuture<?> audit;
			try (UnitSpan.Scope scope = submitter.makeCurrent()) {
				audit = new OrderService().scheduleAudit(scheduler, runs::countDown);
			}
			assertThat(runs.await(10, TimeUnit.SECONDS)).isTrue();
			audit.cancel(false);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> count("OrderService.scheduleAudit", UnitState.FINISHED) >= 3);
		assertThat(taskNames()).containsOnly("OrderService.scheduleAudit");
		assertThat(this.tracer.spans).filteredOn((span) -> span.name.equals("task OrderService.scheduleAudit"))
			.hasSizeGreaterThanOrEqualTo(3)
			.allSatisfy((span) -> assertThat(span.parent).isSameAs(submitter));
	}

	@Test
	void everyKindOfSchedulingOnBothSchedulersIsMeasured() throws Exception {
		ThreadPoolTaskScheduler pool = new ThreadPoolTaskScheduler();
		pool.initialize();
		this.shutdowns.add(pool::shutdown);
		SimpleAsyncTaskScheduler virtual = new SimpleAsyncTaskScheduler();
		this.shutdowns.add(virtual::close);
		TaskInstrumentation instrumentation = instrumentation(200);
		for (TaskScheduler scheduler : List.of(instrument(pool, instrumentation), instrument(virtual, instrumentation))) {
			String kind = scheduler.getClass().getSimpleName();
			CountDownLatch runs = new CountDownLatch(7);
			List<ScheduledFuture<?>> futures = List.of(
					scheduler.scheduleWithFixedDelay(AsyncTasks.named(kind + "-delay", runs::countDown),
							Duration.ofMillis(5)),
					scheduler.scheduleAtFixedRate(AsyncTasks.named(kind + "-rate", runs::countDown),
							Duration.ofMillis(5)),
					scheduler.schedule(AsyncTasks.named(kind + "-once", runs::countDown), scheduler.getClock().instant()));
			assertThat(runs.await(10, TimeUnit.SECONDS)).isTrue();
			futures.forEach((future) -> future.cancel(false));
			await().atMost(Duration.ofSeconds(10)).until(() -> count(kind + "-once", UnitState.FINISHED) == 1);
			assertThat(count(kind + "-rate", UnitState.FINISHED)).isPositive();
			if (scheduler == pool) {
				assertThat(count(kind + "-delay", UnitState.FINISHED)).isPositive();
			}
			else {
				// SimpleAsyncTaskScheduler runs fixed-delay tasks on its own scheduler thread,
				// not through its task decorator: only the registrar's view covers them
				assertThat(count(kind + "-delay", UnitState.FINISHED)).isZero();
			}
		}
	}

	@Test
	void lambdaScheduledThroughSpringsRegistrarIsNotNamedAfterTheCodeThatStartedIt() throws Exception {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.initialize();
		this.shutdowns.add(scheduler::shutdown);
		CountDownLatch ran = new CountDownLatch(1);
		TaskInstrumentation instrumentation = instrumentation(200);
		ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();
		registrar.setTaskScheduler(instrument(scheduler, instrumentation));
		postProcessor(instrumentation).configureScheduler(registrar);
		registrar.addFixedDelayTask(ran::countDown, Duration.ofHours(1));
		try {
			new OrderService().executeAll((task) -> registrar.afterPropertiesSet(), List.of(() -> {
			}));
			assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			registrar.destroy();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> !taskNames().isEmpty());
		assertThat(taskNames()).containsOnly(AsyncUnitDocumentation.TASK_FALLBACK_NAME);
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadExecutorPropagatesAndMeasures() throws Exception {
		SimpleAsyncTaskExecutor virtual = new SimpleAsyncTaskExecutor();
		virtual.setVirtualThreads(true);
		SimpleAsyncTaskExecutor instrumented = instrument(virtual, instrumentation(200));
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler((context) -> true);
		AtomicReference<Observation> seen = new AtomicReference<>();
		Observation submitter = Observation.start("submitter", observations);
		try (Observation.Scope scope = submitter.openScope()) {
			instrumented.submit(AsyncTasks.named("virtual", () -> seen.set(observations.getCurrentObservation())))
				.get(10, TimeUnit.SECONDS);
		}
		finally {
			submitter.stop();
		}
		assertThat(seen.get()).isSameAs(submitter);
		await().atMost(Duration.ofSeconds(10)).until(() -> count("virtual", UnitState.FINISHED) == 1);
	}

	private ThreadPoolTaskExecutor threadPool(int threads, int queueCapacity, String... tracedNames) {
		return threadPool(instrumentation(200, tracedNames), threads, queueCapacity);
	}

	private ThreadPoolTaskExecutor threadPool(TaskInstrumentation instrumentation, int threads, int queueCapacity) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(threads);
		executor.setMaxPoolSize(threads);
		executor.setQueueCapacity(queueCapacity);
		executor.setTaskDecorator(new AsyncTelemetryTaskDecorator(() -> instrumentation));
		executor.initialize();
		RejectionRecorder.install(executor.getThreadPoolExecutor());
		this.shutdowns.add(executor::shutdown);
		return executor;
	}

	private TaskInstrumentation instrumentation(int maxTaskNames, String... tracedNames) {
		return new TaskInstrumentation(new AsyncUnitRecorder(this.registry, new FailureLog()),
				NameSelector.of("otel.instrumentation.async.task-names-to-trace", List.of(tracedNames)), maxTaskNames,
				this.tracer, ContextCapture.of(), ApplicationPackages.of(List.of("com.example")));
	}

	/**
	 * Give a Spring scheduler the starter's decorator, as Spring Boot's builders do.
	 */
	private static <T> T instrument(T scheduler, TaskInstrumentation instrumentation) {
		AsyncTelemetryTaskDecorator decorator = new AsyncTelemetryTaskDecorator(() -> instrumentation);
		if (scheduler instanceof ThreadPoolTaskScheduler pool) {
			pool.setTaskDecorator(decorator);
		}
		else if (scheduler instanceof SimpleAsyncTaskExecutor simple) {
			simple.setTaskDecorator(decorator);
		}
		return scheduler;
	}

	/**
	 * Return an executor that runs each task on the calling thread, with the starter's
	 * decorator.
	 */
	private static TaskExecutorAdapter inline(TaskInstrumentation instrumentation) {
		TaskExecutorAdapter inline = new TaskExecutorAdapter(Runnable::run);
		inline.setTaskDecorator(new AsyncTelemetryTaskDecorator(() -> instrumentation));
		return inline;
	}

	private ExecutorInstrumentationPostProcessor postProcessor(TaskInstrumentation instrumentation) {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerSingleton("taskInstrumentation", instrumentation);
		beanFactory.registerSingleton("coverage", new ExecutorCoverage());
		ExecutorInstrumentationPostProcessor postProcessor = new ExecutorInstrumentationPostProcessor(
				beanFactory.getBeanProvider(TaskInstrumentation.class), beanFactory.getBeanProvider(ExecutorCoverage.class));
		postProcessor.setBeanFactory(beanFactory);
		postProcessor.setBeanClassLoader(getClass().getClassLoader());
		return postProcessor;
	}

	/**
	 * Wait until every task submitted so far has ended, including the recording of its
	 * meters: the single worker thread only runs the next task once the previous one's
	 * wrapper has returned. The drain task itself may not be recorded yet.
	 */
	private void drain() throws Exception {
		this.executor.submit(AsyncTasks.named("drain", () -> {
		})).get();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private double count(String name, UnitState state) {
		Counter counter = this.registry.find(AsyncUnitDocumentation.COUNT_METER)
			.tags(AsyncUnitDocumentation.TYPE_TAG, "task", AsyncUnitDocumentation.NAME_TAG, name,
					AsyncUnitDocumentation.STATE_TAG, state.tagValue())
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private Timer timer(String name, UnitState state) {
		return this.registry.get(AsyncUnitDocumentation.DURATION_METER)
			.tags(AsyncUnitDocumentation.TYPE_TAG, "task", AsyncUnitDocumentation.NAME_TAG, name,
					AsyncUnitDocumentation.STATE_TAG, state.tagValue())
			.timer();
	}

	private List<String> taskNames() {
		return this.registry.find(AsyncUnitDocumentation.COUNT_METER)
			.tag(AsyncUnitDocumentation.TYPE_TAG, "task")
			.meters()
			.stream()
			.map(Meter::getId)
			.map((id) -> id.getTag(AsyncUnitDocumentation.NAME_TAG))
			.distinct()
			.toList();
	}

	/**
	 * A bean whose method Spring's {@code @Async} interceptor runs on the executor.
	 */
	public static class Mailer {

		public CompletableFuture<String> send() {
			return CompletableFuture.completedFuture("sent");
		}

	}

	/**
	 * An executor bean that hands its tasks to another executor bean.
	 */
	public static class DelegatingExecutor implements org.springframework.core.task.TaskExecutor {

		private final org.springframework.core.task.TaskExecutor delegate;

		public DelegatingExecutor(org.springframework.core.task.TaskExecutor delegate) {
			this.delegate = delegate;
		}

		@Override
		public void execute(Runnable task) {
			this.delegate.execute(task);
		}

	}

	/**
	 * An executor of the {@code SimpleAsyncTaskExecutor} family that no other test
	 * proxies, so that Spring would check its class for final methods here.
	 */
	static final class FinalExecutor implements org.springframework.core.task.TaskExecutor {

		@Override
		public void execute(Runnable task) {
			task.run();
		}

	}

}
