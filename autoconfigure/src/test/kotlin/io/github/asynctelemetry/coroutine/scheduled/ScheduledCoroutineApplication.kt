package io.github.asynctelemetry.coroutine.scheduled

import io.github.asynctelemetry.testsupport.InMemoryTelemetry
import io.micrometer.tracing.Tracer
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import org.springframework.boot.SpringBootConfiguration
import org.springframework.boot.autoconfigure.EnableAutoConfiguration
import org.springframework.context.annotation.Import
import org.springframework.scheduling.annotation.EnableScheduling
import org.springframework.scheduling.annotation.Scheduled
import org.springframework.stereotype.Component
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch

/**
 * An application with `@Scheduled` suspend functions.
 *
 * @author Async Telemetry team
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableScheduling
@Import(InMemoryTelemetry::class, ScheduledCoroutineApplication.InventoryJob::class)
class ScheduledCoroutineApplication {

	@Component
	class InventoryJob(private val tracer: Tracer) {

		val runs = CountDownLatch(2)

		/** The trace ids each run found current after changing dispatcher. */
		val traceIds = CopyOnWriteArrayList<String?>()

		@Scheduled(fixedDelay = 50)
		suspend fun refresh() {
			delay(20)
			traceIds.add(withContext(Dispatchers.Default) { tracer.currentSpan()?.context()?.traceId() })
			runs.countDown()
		}

	}

}
