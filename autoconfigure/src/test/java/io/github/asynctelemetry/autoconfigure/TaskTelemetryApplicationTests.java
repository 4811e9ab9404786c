package io.github.asynctelemetry.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.example.orders.OrderService;
import com.example.orders.ReportJob;
import com.example.orders.SlowReport;
import io.github.asynctelemetry.task.AsyncTasks;
import io.github.asynctelemetry.task.AsyncTelemetryTaskDecorator;
import io.github.asynctelemetry.task.MdcCopyingTaskDecorator;
import io.github.asynctelemetry.unit.AsyncUnitDocumentation;
import io.github.asynctelemetry.unit.UnitState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests of executor tasks in a Spring Boot application with Boot's own
 * executor, scheduler, metrics, observation and OpenTelemetry tracing, exporting spans
 * to memory.
 */
@SpringBootTest(classes = TaskTelemetryApplicationTests.Application.class,
		properties = { "management.tracing.sampling.probability=1.0", "spring.task.execution.mode=force",
				"otel.instrumentation.async.task-names-to-trace=SlowReport,ReportJob.*" })
class TaskTelemetryApplicationTests {

	private static final AttributeKey<String> NAME_ATTRIBUTE = AttributeKey
		.stringKey(AsyncUnitDocumentation.NAME_ATTRIBUTE);

	private static final AttributeKey<String> STATE_ATTRIBUTE = AttributeKey
		.stringKey(AsyncUnitDocumentation.STATE_ATTRIBUTE);

	@Autowired
	private InMemorySpanExporter spanExporter;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@Autowired
	private Tracer tracer;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	@Qualifier("applicationTaskExecutor")
	private ThreadPoolTaskExecutor applicationTaskExecutor;

	@Autowired
	@Qualifier("singleThreadExecutor")
	private ThreadPoolTaskExecutor singleThreadExecutor;

	@Autowired
	@Qualifier("boundedExecutor")
	private ThreadPoolTaskExecutor boundedExecutor;

	@Autowired
	private ReportJob reportJob;

	@Test
	void tracedTaskClassRunsInASpanChildOfTheSubmitterAndRecordsTheDurationOfItsBody() {
		Span submitter = this.tracer.nextSpan().name("submitter").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(submitter)) {
			this.applicationTaskExecutor.execute(new SlowReport());
		}
		finally {
			submitter.end();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> count("SlowReport", UnitState.FINISHED) == 1);
		Timer timer = this.meterRegistry.get(AsyncUnitDocumentation.DURATION_METER)
			.tags(AsyncUnitDocumentation.TYPE_TAG, "task", AsyncUnitDocumentation.NAME_TAG, "SlowReport")
			.timer();
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(100);
		List<SpanData> taskSpans = awaitSpans("task SlowReport", 1);
		assertThat(taskSpans).singleElement().satisfies((span) -> {
			assertThat(span.getTraceId()).isEqualTo(submitter.context().traceId());
			assertThat(span.getParentSpanId()).isEqualTo(submitter.context().spanId());
			assertThat(span.getEndEpochNanos() - span.getStartEpochNanos())
				.isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
			assertThat(span.getAttributes().get(NAME_ATTRIBUTE)).isEqualTo("SlowReport");
			assertThat(span.getAttributes().get(STATE_ATTRIBUTE)).isEqualTo("finished");
		});
	}

	@Test
	void scheduledMethodIsNamedAfterItsClassAndMethodAndTraced() throws Exception {
		assertThat(this.reportJob.getRan().await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(count("ReportJob.refresh", UnitState.FINISHED)).isPositive();
		List<SpanData> taskSpans = awaitSpans("task ReportJob.refresh", 1);
		List<SpanData> finished = this.spanExporter.getFinishedSpanItems();
		assertThat(taskSpans).allSatisfy((span) -> {
			assertThat(span.getAttributes().get(NAME_ATTRIBUTE)).isEqualTo("ReportJob.refresh");
			assertThat(span.getParentSpanContext().isValid()).isFalse();
		});
		assertThat(finished).filteredOn((candidate) -> taskSpans.stream()
			.anyMatch((span) -> span.getSpanId().equals(candidate.getParentSpanId())))
			.isNotEmpty()
			.allSatisfy((child) -> assertThat(child.getAttributes().get(AttributeKey.stringKey("code.function")))
				.isEqualTo("refresh"));
	}

	@Test
	void userExecutorPropagatesTheSubmittersContextAndLeavesItsThreadClean() throws Exception {
		AtomicReference<@Nullable Span> spanInTask = new AtomicReference<>();
		AtomicReference<@Nullable String> traceIdInTaskMdc = new AtomicReference<>();
		AtomicReference<Thread> taskThread = new AtomicReference<>();
		Span submitter = this.tracer.nextSpan().name("submitter").start();
		String submitterMdcTraceId;
		try (Tracer.SpanInScope scope = this.tracer.withSpan(submitter)) {
			submitterMdcTraceId = MDC.get("traceId");
			this.singleThreadExecutor.submit(() -> {
				spanInTask.set(this.tracer.currentSpan());
				traceIdInTaskMdc.set(MDC.get("traceId"));
				taskThread.set(Thread.currentThread());
			}).get();
		}
		finally {
			submitter.end();
		}
		AtomicReference<@Nullable Span> spanAfterwards = new AtomicReference<>(submitter);
		AtomicReference<@Nullable String> traceIdAfterwards = new AtomicReference<>("leftover");
		AtomicReference<Thread> laterThread = new AtomicReference<>();
		this.singleThreadExecutor.submit(() -> {
			spanAfterwards.set(this.tracer.currentSpan());
			traceIdAfterwards.set(MDC.get("traceId"));
			laterThread.set(Thread.currentThread());
		}).get();
		assertThat(submitterMdcTraceId).isEqualTo(submitter.context().traceId());
		assertThat(spanInTask.get()).isNotNull();
		assertThat(spanInTask.get().context().spanId()).isEqualTo(submitter.context().spanId());
		assertThat(traceIdInTaskMdc.get()).isEqualTo(submitter.context().traceId());
		assertThat(laterThread.get()).isSameAs(taskThread.get());
		assertThat(spanAfterwards.get()).isNull();
		assertThat(traceIdAfterwards.get()).isNull();
	}

	@Test
	void taskRefusedByAUserExecutorIsCountedAsRejected() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		try {
			this.boundedExecutor.execute(AsyncTasks.named("blocker", () -> {
				started.countDown();
				awaitQuietly(release);
			}));
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			this.boundedExecutor.execute(AsyncTasks.named("queued", () -> {
			}));
			assertThatExceptionOfType(TaskRejectedException.class)
				.isThrownBy(() -> this.boundedExecutor.execute(AsyncTasks.named("refused", () -> {
				})));
		}
		finally {
			release.countDown();
		}
		assertThat(count("refused", UnitState.REJECTED)).isOne();
		assertThat(count("refused", UnitState.FINISHED)).isZero();
	}

	@Test
	void applicationsOwnDecoratorsStillApplyOnBootsAndOnUserExecutors() throws Exception {
		for (ThreadPoolTaskExecutor executor : List.of(this.applicationTaskExecutor, this.singleThreadExecutor)) {
			AtomicReference<@Nullable String> tenant = new AtomicReference<>();
			MDC.put("tenant", "acme");
			try {
				executor.submit(AsyncTasks.named("tenant-aware", () -> tenant.set(MDC.get("tenant")))).get();
			}
			finally {
				MDC.remove("tenant");
			}
			assertThat(tenant.get()).isEqualTo("acme");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> count("tenant-aware", UnitState.FINISHED) == 2);
	}

	@Test
	void lambdaRunAsyncIsNamedAfterTheSubmittingMethod() throws Exception {
		new OrderService().submitReport(this.applicationTaskExecutor, () -> {
		}).get();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> count("OrderService.submitReport", UnitState.FINISHED) == 1);
	}

	private List<SpanData> awaitSpans(String name, int atLeast) {
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			this.tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
			return spans(name).size() >= atLeast;
		});
		return spans(name);
	}

	private List<SpanData> spans(String name) {
		return this.spanExporter.getFinishedSpanItems().stream().filter((span) -> span.getName().equals(name)).toList();
	}

	private double count(String name, UnitState state) {
		Counter counter = this.meterRegistry.find(AsyncUnitDocumentation.COUNT_METER)
			.tags(AsyncUnitDocumentation.TYPE_TAG, "task", AsyncUnitDocumentation.NAME_TAG, name,
					AsyncUnitDocumentation.STATE_TAG, state.tagValue())
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	@AutoConfigurationPackage(basePackageClasses = OrderService.class)
	@ImportAutoConfiguration({ TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class,
			MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
			SimpleMetricsExportAutoConfiguration.class, ObservationAutoConfiguration.class,
			ScheduledTasksObservationAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
			OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
			AsyncTelemetryAutoConfiguration.class, TaskTelemetryAutoConfiguration.class })
	static class Application {

		@Bean
		InMemorySpanExporter spanExporter() {
			return InMemorySpanExporter.create();
		}

		@Bean
		MdcCopyingTaskDecorator mdcCopyingTaskDecorator() {
			return new MdcCopyingTaskDecorator();
		}

		@Bean
		ThreadPoolTaskExecutor singleThreadExecutor(ThreadPoolTaskExecutorBuilder builder) {
			ThreadPoolTaskExecutor executor = builder.build();
			executor.setCorePoolSize(1);
			executor.setMaxPoolSize(1);
			// One queue slot: a task submitted while the worker is still returning from the
			// previous one waits instead of being refused.
			executor.setQueueCapacity(1);
			executor.setThreadNamePrefix("single-");
			return executor;
		}

		/**
		 * An executor with the starter's decorator alone, whose pool receives the
		 * starter's wrapper as it is, so that a refused task is counted.
		 */
		@Bean
		ThreadPoolTaskExecutor boundedExecutor(ThreadPoolTaskExecutorBuilder builder,
				AsyncTelemetryTaskDecorator asyncTelemetryTaskDecorator) {
			return builder.taskDecorator(asyncTelemetryTaskDecorator)
				.corePoolSize(1)
				.maxPoolSize(1)
				.queueCapacity(1)
				.threadNamePrefix("bounded-")
				.build();
		}

		@Bean
		ReportJob reportJob() {
			return new ReportJob();
		}

	}

}
