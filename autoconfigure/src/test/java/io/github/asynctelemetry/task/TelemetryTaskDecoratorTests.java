package io.github.asynctelemetry.task;

import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import io.github.asynctelemetry.unit.AsyncUnit;

import java.time.Duration;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.example.orders.OrderService;
import com.example.orders.SlowReport;
import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.names.NameSelector;
import io.github.asynctelemetry.task.RecordingTracer.RecordedSpan;
import io.github.asynctelemetry.tracing.UnitSpan;
import io.github.asynctelemetry.unit.AsyncMethodSubmission;
import io.github.asynctelemetry.unit.AsyncUnitConventions;
import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitState;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link TelemetryTaskDecorator}, without a Spring context.
 */
@ExtendWith(OutputCaptureExtension.class)
class TelemetryTaskDecoratorTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final RecordingTracer tracer = new RecordingTracer();

	private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

	private TelemetryTaskDecorator decorator = decorator("SlowReport", "invoice-pdf", "failing");

	TelemetryTaskDecoratorTests() {
		this.executor.setCorePoolSize(1);
		this.executor.setMaxPoolSize(1);
		this.executor.setTaskDecorator((task) -> this.decorator.decorate(task));
		this.executor.initialize();
	}

	@AfterEach
	void shutdown() {
		this.executor.shutdown();
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
		IllegalStateException failure = new IllegalStateException("boom");
		Runnable body = () -> {
			throw failure;
		};
		Runnable task = this.decorator.decorate(AsyncTasks.named("failing", body));
		assertThatThrownBy(task::run).isSameAs(failure);
		assertThat(count("failing", UnitState.EXCEPTION)).isOne();
		assertThat(this.tracer.spans).singleElement().satisfies((span) -> {
			assertThat(span.state).isEqualTo(UnitState.EXCEPTION);
			assertThat(span.failure).isSameAs(failure);
		});
	}

	@Test
	void lambdaRunAsyncIsNamedAfterTheSubmittingMethod() throws Exception {
		new OrderService().submitReport(this.executor, () -> {
		}).get();
		drain();
		assertThat(count("OrderService.submitReport", UnitState.FINISHED)).isOne();
		assertThat(taskNames()).noneMatch((name) -> name.contains("AsyncRun") || name.contains("Lambda")
				|| name.contains("CompletableFuture"));
	}

	@Test
	void lambdaSupplyAsyncIsNamedAfterTheEnclosingMethod() throws Exception {
		assertThat(new OrderService().quote(this.executor).get()).isEqualTo("quote");
		drain();
		assertThat(count("OrderService.quote", UnitState.FINISHED)).isOne();
	}

	@Test
	void submittedLambdaIsNamedAfterTheSubmittingMethodNeverFutureTask() throws Exception {
		new OrderService().submitInvoice(this.executor, () -> {
		}).get();
		drain();
		assertThat(count("OrderService.submitInvoice", UnitState.FINISHED)).isOne();
		assertThat(taskNames()).noneMatch((name) -> name.contains("FutureTask"));
	}

	@Test
	void taskSubmittedFromALambdaIsNamedAfterTheMethodDeclaringTheLambda() throws Exception {
		new OrderService().executeAll(this.executor, List.of(() -> {
		}, () -> {
		}));
		drain();
		assertThat(count("OrderService.executeAll", UnitState.FINISHED)).isEqualTo(2);
	}

	@Test
	void explicitNameOfAnExecutedTask() throws Exception {
		this.executor.execute(AsyncTasks.named("report-render", new SlowReport()));
		drain();
		assertThat(count("report-render", UnitState.FINISHED)).isOne();
		assertThat(count("SlowReport", UnitState.FINISHED)).isZero();
	}

	@Test
	void explicitNameOfASubmittedCallableIsAppliedWhenItRunsAndStartsItsSpan() throws Exception {
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
	void spanStartedUnderTheSubmittersNameTakesTheExplicitNameGivenWhenTheTaskRuns() throws Exception {
		this.decorator = decorator("*");
		Future<String> pdf = this.executor.submit(AsyncTasks.named("invoice-pdf", () -> "pdf"));
		assertThat(pdf.get()).isEqualTo("pdf");
		drain();
		assertThat(count("invoice-pdf", UnitState.FINISHED)).isOne();
		assertThat(this.tracer.spans).filteredOn((span) -> !span.name.equals("task drain"))
			.singleElement()
			.satisfies((span) -> {
				assertThat(span.name).isEqualTo("task invoice-pdf");
				assertThat(span.state).isEqualTo(UnitState.FINISHED);
			});
	}

	@Test
	void failureOfANamedCallableInsideAFutureIsRecorded() throws Exception {
		IllegalArgumentException failure = new IllegalArgumentException("bad");
		Future<Object> future = this.executor.submit(AsyncTasks.named("invoice-pdf", () -> {
			throw failure;
		}));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(future::get)
			.satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failure));
		drain();
		assertThat(count("invoice-pdf", UnitState.EXCEPTION)).isOne();
		assertThat(this.tracer.spans).singleElement().satisfies((span) -> assertThat(span.failure).isSameAs(failure));
	}

	@Test
	void namingScopeNamesTasksThatTheExecutorOnlySeesWrapped() throws Exception {
		try (AsyncTasks.Naming naming = AsyncTasks.naming("price-quote")) {
			assertThat(new OrderService().quote(this.executor).get()).isEqualTo("quote");
		}
		new OrderService().quote(this.executor).get();
		drain();
		assertThat(count("price-quote", UnitState.FINISHED)).isOne();
		assertThat(count("OrderService.quote", UnitState.FINISHED)).isOne();
	}

	@Test
	void namingScopesNest() {
		try (AsyncTasks.Naming outer = AsyncTasks.naming("outer")) {
			try (AsyncTasks.Naming inner = AsyncTasks.naming("inner")) {
				assertThat(AsyncTasks.scopedName()).isEqualTo("inner");
			}
			assertThat(AsyncTasks.scopedName()).isEqualTo("outer");
		}
		assertThat(AsyncTasks.scopedName()).isNull();
	}

	@Test
	void cancelledTaskIsRecordedAsCancelled() {
		FutureTask<Object> future = new FutureTask<>(() -> {
		}, null);
		Runnable task;
		try (AsyncTasks.Naming naming = AsyncTasks.naming("cancelled-task")) {
			task = this.decorator.decorate(future);
		}
		future.cancel(false);
		task.run();
		assertThat(count("cancelled-task", UnitState.CANCELLED)).isOne();
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
	void taskCarryingAnAsyncCallGetsItsContextButNoTaskMeters() throws Exception {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler((context) -> true);
		AtomicReference<Observation> seenInTask = new AtomicReference<>();
		Observation submitter = Observation.start("submitter", observations);
		try (Observation.Scope scope = submitter.openScope()) {
			ContextSnapshot previous = AsyncMethodSubmission.begin(ContextCapture.of().capture());
			try {
				this.executor.execute(() -> seenInTask.set(observations.getCurrentObservation()));
			}
			finally {
				AsyncMethodSubmission.end(previous);
			}
		}
		finally {
			submitter.stop();
		}
		drain();
		assertThat(seenInTask.get()).isSameAs(submitter);
		assertThat(taskNames()).allMatch("drain"::equals);
	}

	@Test
	void taskCarryingAnAsyncCallRunsWithTheContextTheCallCapturedAndNotesItAsRestored() throws Exception {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler((context) -> true);
		AtomicReference<Observation> seenInTask = new AtomicReference<>();
		AtomicReference<Boolean> restoredInTask = new AtomicReference<>();
		ContextSnapshot callerContext;
		Observation caller = Observation.start("caller", observations);
		try (Observation.Scope scope = caller.openScope()) {
			callerContext = ContextCapture.of().capture();
		}
		ContextSnapshot previous = AsyncMethodSubmission.begin(callerContext);
		try {
			this.executor.execute(() -> {
				seenInTask.set(observations.getCurrentObservation());
				restoredInTask.set(AsyncMethodSubmission.isRestored(callerContext));
			});
		}
		finally {
			AsyncMethodSubmission.end(previous);
			caller.stop();
		}
		AtomicReference<Boolean> restoredAfterwards = new AtomicReference<>();
		this.executor.submit(() -> restoredAfterwards.set(AsyncMethodSubmission.isRestored(callerContext))).get();
		assertThat(seenInTask.get()).isSameAs(caller);
		assertThat(restoredInTask.get()).isTrue();
		assertThat(restoredAfterwards.get()).isFalse();
		assertThat(AsyncMethodSubmission.callerContext()).isNull();
	}

	@Test
	void taskNamesPastTheCapAreRecordedAsOtherWithOneWarning(CapturedOutput output) throws Exception {
		this.decorator = decorator(3);
		for (String name : List.of("alpha", "beta", "gamma", "delta", "epsilon")) {
			this.decorator.decorate(AsyncTasks.named(name, () -> {
			})).run();
		}
		assertThat(taskNames()).containsExactlyInAnyOrder("alpha", "beta", "gamma", "other");
		assertThat(count("other", UnitState.FINISHED)).isEqualTo(2);
		assertThat(output.toString().split("distinct task names were seen", -1)).hasSize(2);
	}

	@Test
	void decoratingADecoratedTaskReturnsIt() {
		Runnable task = this.decorator.decorate(() -> {
		});
		assertThat(this.decorator.decorate(task)).isSameAs(task);
	}

	@Test
	void taskDecoratedTwiceAroundAnotherDecoratorIsCountedOnce() {
		TaskDecorator application = (task) -> () -> task.run();
		Runnable task = this.decorator
			.decorate(application.decorate(this.decorator.decorate(AsyncTasks.named("twice", () -> {
			}))));
		task.run();
		assertThat(count("twice", UnitState.FINISHED)).isOne();
	}

	@Test
	void taskRunSynchronouslyInsideAnotherTaskIsItsOwnUnit() {
		Runnable outer = this.decorator.decorate(AsyncTasks.named("outer", () -> this.decorator
			.decorate(AsyncTasks.named("inner", () -> {
			}))
			.run()));
		outer.run();
		assertThat(count("outer", UnitState.FINISHED)).isOne();
		assertThat(count("inner", UnitState.FINISHED)).isOne();
	}

	@Test
	void taskSubmittedInsideATracedTaskHasItsSpanAsParent() throws Exception {
		this.decorator = decorator("*");
		try (AutoCloseable propagation = RecordingTracer.propagate()) {
			Runnable outer = this.decorator.decorate(AsyncTasks.named("parent", () -> this.executor
				.execute(AsyncTasks.named("child", () -> {
				}))));
			outer.run();
			drain();
		}
		RecordedSpan parent = this.tracer.spans.stream().filter((span) -> span.name.equals("task parent")).findFirst()
			.orElseThrow();
		assertThat(this.tracer.spans).filteredOn((span) -> span.name.equals("task child")).singleElement()
			.satisfies((span) -> assertThat(span.parent).isSameAs(parent));
	}

	@Test
	void triggerTaskKeepsItsNameAndTheSubmittersContextForEveryRun() throws Exception {
		this.decorator = decorator("*");
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setTaskDecorator(this.decorator);
		scheduler.initialize();
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
		finally {
			scheduler.shutdown();
		}
		assertThat(count("OrderService.scheduleAudit", UnitState.FINISHED)).isGreaterThanOrEqualTo(3);
		assertThat(taskNames()).containsOnly("OrderService.scheduleAudit");
		assertThat(this.tracer.spans).filteredOn((span) -> span.name.equals("task OrderService.scheduleAudit"))
			.hasSizeGreaterThanOrEqualTo(3)
			.allSatisfy((span) -> assertThat(span.parent).isSameAs(submitter));
	}

	@Test
	void taskScheduledThroughSpringsRegistrarIsNotNamedAfterTheCodeThatStartedIt() throws Exception {
		AsyncUnitRecorder recorder = new AsyncUnitRecorder(this.registry, new FailureLog());
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setTaskDecorator(new TelemetryTaskDecorator(recorder, NameSelector.none(), 200, this.tracer,
				ContextCapture.of()));
		scheduler.initialize();
		CountDownLatch ran = new CountDownLatch(1);
		ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();
		registrar.setTaskScheduler(scheduler);
		registrar.addFixedDelayTask(ran::countDown, Duration.ofHours(1));
		try {
			registrar.afterPropertiesSet();
			assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			registrar.destroy();
			scheduler.shutdown();
		}
		assertThat(recorder.seen()).extracting(AsyncUnit::getName)
			.containsOnly(AsyncUnitConventions.TASK_OVERFLOW_NAME, AsyncUnitConventions.TASK_FALLBACK_NAME);
	}

	private TelemetryTaskDecorator decorator(String... tracedNames) {
		return decorator(200, tracedNames);
	}

	private TelemetryTaskDecorator decorator(int maxTaskNames, String... tracedNames) {
		return new TelemetryTaskDecorator(new AsyncUnitRecorder(this.registry, new FailureLog()),
				NameSelector.of("otel.instrumentation.async.task-names-to-trace", List.of(tracedNames)), maxTaskNames,
				this.tracer, ContextCapture.of());
	}

	/**
	 * Wait until every task submitted so far has ended, including the recording of its
	 * meters: the single worker thread only runs the next task once the previous one's
	 * decorator has returned. The drain task itself may not be recorded yet.
	 */
	private void drain() throws Exception {
		this.executor.submit(AsyncTasks.named("drain", () -> {
		})).get();
	}

	private double count(String name, UnitState state) {
		Counter counter = this.registry.find(AsyncUnitConventions.COUNT_METER)
			.tags(AsyncUnitConventions.TYPE_TAG, "task", AsyncUnitConventions.NAME_TAG, name,
					AsyncUnitConventions.STATE_TAG, state.tagValue())
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private Timer timer(String name, UnitState state) {
		return this.registry.get(AsyncUnitConventions.DURATION_METER)
			.tags(AsyncUnitConventions.TYPE_TAG, "task", AsyncUnitConventions.NAME_TAG, name,
					AsyncUnitConventions.STATE_TAG, state.tagValue())
			.timer();
	}

	private List<String> taskNames() {
		return this.registry.find(AsyncUnitConventions.COUNT_METER)
			.tag(AsyncUnitConventions.TYPE_TAG, "task")
			.meters()
			.stream()
			.map(Meter::getId)
			.map((id) -> id.getTag(AsyncUnitConventions.NAME_TAG))
			.distinct()
			.toList();
	}

}
