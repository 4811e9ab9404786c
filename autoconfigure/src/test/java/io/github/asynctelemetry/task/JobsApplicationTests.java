package io.github.asynctelemetry.task;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.example.jobs.FanOutJob;
import com.example.jobs.InlineService;
import com.example.jobs.JobsApplication;
import com.example.jobs.Mailer;
import com.example.jobs.Ticker;
import com.example.orders.CatalogSync;
import io.github.asynctelemetry.testlib.LibraryClient;
import io.github.asynctelemetry.unit.AsyncUnitDocumentation;
import io.github.asynctelemetry.unit.UnitState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.task.TaskExecutor;
import org.springframework.samples.petclinic.visits.VisitReminders;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Task units in an application shaped like a real one ({@link JobsApplication}), on
 * Spring Boot's own executor and scheduler: the regression tests of the task redesign.
 */
@SpringBootTest(classes = JobsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "management.tracing.sampling.probability=1.0", "spring.task.execution.mode=force",
				"management.otlp.metrics.export.enabled=false",
				"otel.instrumentation.async.method-names-to-trace=InlineService.work",
				"otel.instrumentation.async.task-names-to-trace=FanOutJob.*,Ticker.*" })
class JobsApplicationTests {

	@Autowired
	MeterRegistry registry;

	@Autowired
	InMemorySpanExporter spans;

	@Autowired
	Tracer tracer;

	@Autowired
	@Qualifier("applicationTaskExecutor")
	TaskExecutor executor;

	@Autowired
	@Qualifier("callerRunsExecutor")
	ThreadPoolTaskExecutor callerRunsExecutor;

	@Autowired
	FanOutJob fanOutJob;

	@Autowired
	Ticker ticker;

	@Autowired
	InlineService inlineService;

	@Autowired
	Mailer mailer;

	@Test
	void tracedScheduledRunThatFansOutLeavesTheSchedulerThreadCleanSoEachRunIsATraceOfItsOwn() throws Exception {
		assertThat(this.fanOutJob.getRuns().await(10, TimeUnit.SECONDS)).isTrue();
		List<String> traceIds = List.copyOf(this.fanOutJob.getTraceIds());
		assertThat(traceIds).hasSizeGreaterThanOrEqualTo(4).doesNotContain("none").doesNotHaveDuplicates();
		List<SpanData> runs = finished("task FanOutJob.fanOut").stream()
			.filter((span) -> !span.getParentSpanContext().isValid())
			.toList();
		assertThat(runs).hasSizeGreaterThanOrEqualTo(traceIds.size() - 1);
		assertThat(runs).extracting(SpanData::getTraceId).doesNotHaveDuplicates();
		assertThat(count("FanOutJob.fanOut", UnitState.FINISHED)).isPositive();
	}

	@Test
	void fixedRateScheduledRunsAreMeasuredNamedAndTraced() throws Exception {
		assertThat(this.ticker.getTicks().await(10, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> count("Ticker.tick", UnitState.FINISHED) >= 3);
		assertThat(this.ticker.getSpanIds()).doesNotContain("none");
		assertThat(finished("task Ticker.tick")).isNotEmpty()
			.allSatisfy((span) -> assertThat(span.getParentSpanContext().isValid()).isFalse());
	}

	@Test
	void applicationClassUnderOrgSpringframeworkNamesTheLambdaItSubmits() {
		CountDownLatch ran = new CountDownLatch(1);
		new VisitReminders().sendReminders(this.executor, ran::countDown);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> count("VisitReminders.sendReminders", UnitState.FINISHED) == 1);
	}

	@Test
	void libraryFrameNeverNamesATask() {
		new CatalogSync().refresh(this.executor);
		await().atMost(Duration.ofSeconds(10)).until(() -> count("CatalogSync.refresh", UnitState.FINISHED) == 1);
		new LibraryClient().fetchLater(this.executor, () -> {
		});
		await().atMost(Duration.ofSeconds(10))
			.until(() -> count(AsyncUnitDocumentation.TASK_FALLBACK_NAME, UnitState.FINISHED) >= 1);
		assertThat(taskNames()).noneMatch((name) -> name.startsWith("LibraryClient"));
	}

	@Test
	void asyncBodyRunByTheCallerGetsTheMetersAndTheSpanOfTheTasksItSubmits() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch blocking = new CountDownLatch(1);
		this.callerRunsExecutor.execute(() -> {
			blocking.countDown();
			awaitQuietly(release);
		});
		assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
		AtomicReference<Span> seenByTask = new AtomicReference<>();
		Span caller = this.tracer.nextSpan().name("caller").start();
		Span body;
		try (Tracer.SpanInScope scope = this.tracer.withSpan(caller)) {
			body = this.inlineService.work(seenByTask).get(10, TimeUnit.SECONDS);
		}
		finally {
			caller.end();
			release.countDown();
		}
		assertThat(body).isNotNull();
		assertThat(body.context().spanId()).isNotEqualTo(caller.context().spanId());
		assertThat(seenByTask.get()).isNotNull();
		assertThat(seenByTask.get().context().spanId()).isEqualTo(body.context().spanId());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> count("InlineService.work", UnitState.FINISHED) == 1);
	}

	@Test
	void asyncMethodOnBootsExecutorRunsInTheCallersTraceAndIsNoTask() throws Exception {
		Span caller = this.tracer.nextSpan().name("caller").start();
		String traceId;
		try (Tracer.SpanInScope scope = this.tracer.withSpan(caller)) {
			traceId = this.mailer.send().get(10, TimeUnit.SECONDS);
		}
		finally {
			caller.end();
		}
		assertThat(traceId).isEqualTo(caller.context().traceId());
		assertThat(taskNames()).noneMatch((name) -> name.startsWith("Mailer"));
		assertThat(this.registry.find(AsyncUnitDocumentation.COUNT_METER)
			.tags(AsyncUnitDocumentation.TYPE_TAG, "async_method", AsyncUnitDocumentation.NAME_TAG, "Mailer.send")
			.counter()).isNotNull();
	}

	/**
	 * Return the finished spans of a name, each once: Spring Boot exports to the
	 * in-memory exporter bean through its own processor as well as through the test's.
	 */
	List<SpanData> finished(String name) {
		Map<String, SpanData> bySpanId = new LinkedHashMap<>();
		for (SpanData span : this.spans.getFinishedSpanItems()) {
			if (span.getName().equals(name)) {
				bySpanId.putIfAbsent(span.getSpanId(), span);
			}
		}
		return List.copyOf(bySpanId.values());
	}

	double count(String name, UnitState state) {
		Counter counter = this.registry.find(AsyncUnitDocumentation.COUNT_METER)
			.tags(AsyncUnitDocumentation.TYPE_TAG, "task", AsyncUnitDocumentation.NAME_TAG, name,
					AsyncUnitDocumentation.STATE_TAG, state.tagValue())
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	List<String> taskNames() {
		return this.registry.find(AsyncUnitDocumentation.COUNT_METER)
			.tag(AsyncUnitDocumentation.TYPE_TAG, "task")
			.counters()
			.stream()
			.map((counter) -> counter.getId().getTag(AsyncUnitDocumentation.NAME_TAG))
			.distinct()
			.toList();
	}

	static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
