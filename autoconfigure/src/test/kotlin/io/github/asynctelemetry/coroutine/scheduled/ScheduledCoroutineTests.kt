package io.github.asynctelemetry.coroutine.scheduled

import io.micrometer.core.instrument.MeterRegistry
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter
import org.assertj.core.api.Assertions.assertThat
import org.awaitility.Awaitility
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.condition.DisabledIfSystemProperty
import org.springframework.beans.factory.annotation.Autowired
import org.springframework.boot.test.context.SpringBootTest
import java.time.Duration
import java.util.concurrent.TimeUnit

/**
 * End-to-end tests of `@Scheduled` suspend functions: each run is a `task` unit named
 * after the method, with the context of other scheduled runs (its span current in the
 * function, across dispatchers); Spring waits for the function in a `fixedDelay` run.
 * Spring schedules suspend functions only with `kotlinx-coroutines-reactor`, so the run
 * without it skips these tests.
 *
 * @author Async Telemetry team
 */
@SpringBootTest(
	classes = [ScheduledCoroutineApplication::class],
	properties = [
		"otel.instrumentation.async.task-names-to-trace=InventoryJob.refresh",
		"management.tracing.sampling.probability=1.0",
		"management.otlp.metrics.export.enabled=false",
	],
)
@DisabledIfSystemProperty(named = "asynctelemetry.test.coroutines-reactor", matches = "absent")
class ScheduledCoroutineTests {

	@Autowired
	lateinit var job: ScheduledCoroutineApplication.InventoryJob

	@Autowired
	lateinit var registry: MeterRegistry

	@Autowired
	lateinit var spans: InMemorySpanExporter

	@Test
	fun runsAreTaskUnitsNamedAfterTheMethodWithTheirSpanCurrentInTheFunction() {
		assertThat(this.job.runs.await(10, TimeUnit.SECONDS)).isTrue()
		val seen = this.job.traceIds.take(2)
		assertThat(seen).doesNotContainNull().doesNotHaveDuplicates()
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted {
			val count = this.registry.find("asyncio.process.count")
				.tags("type", "task", "name", "InventoryJob.refresh", "state", "finished")
				.counter()
			assertThat(count?.count()).isNotNull().isGreaterThanOrEqualTo(2.0)
			val taskTraceIds = this.spans.finishedSpanItems.filter { it.name == "task InventoryJob.refresh" }
				.map { it.traceId }
			assertThat(taskTraceIds).containsAll(seen)
		}
	}

	@Test
	fun fixedDelayRunLastsUntilTheFunctionEnds() {
		assertThat(this.job.runs.await(10, TimeUnit.SECONDS)).isTrue()
		val timer = this.registry.find("asyncio.process.duration")
			.tags("type", "task", "name", "InventoryJob.refresh", "state", "finished")
			.timer()
		assertThat(timer).isNotNull()
		assertThat(timer!!.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(20.0)
	}

}
