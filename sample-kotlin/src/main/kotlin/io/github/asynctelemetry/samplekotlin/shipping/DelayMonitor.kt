package io.github.asynctelemetry.samplekotlin.shipping

import java.time.Duration
import org.slf4j.LoggerFactory
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty
import org.springframework.scheduling.annotation.Scheduled
import org.springframework.stereotype.Component

/**
 * Checks the shipments on their way every few seconds. Spring runs the `suspend`
 * function in a coroutine of its own at each turn: a `task` unit named
 * `DelayMonitor.checkDelays`.
 *
 * @author Async Telemetry team
 */
@Component
@ConditionalOnBooleanProperty(name = ["sample.delay-monitor.enabled"], matchIfMissing = true)
class DelayMonitor(private val shipments: ShipmentService, private val routes: RoutePlanner) {

	private val logger = LoggerFactory.getLogger(DelayMonitor::class.java)

	/**
	 * Estimate the arrival of every shipment on its way and log those later than a day.
	 */
	@Scheduled(initialDelayString = "\${sample.delay-monitor.initial-delay:1s}",
			fixedDelayString = "\${sample.delay-monitor.delay:10s}")
	suspend fun checkDelays() {
		val late = shipments.inTransit().map { routes.eta(it) }.filter { it.remaining > ONE_DAY }
		logger.info("Checked the shipments on their way: {} late", late.size)
	}

	private companion object {

		val ONE_DAY: Duration = Duration.ofDays(1)

	}

}
