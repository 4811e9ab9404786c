package io.github.asynctelemetry.samplekotlin.shipping

import java.time.Duration
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.reactor.awaitSingle
import kotlinx.coroutines.withContext
import org.slf4j.LoggerFactory
import org.springframework.stereotype.Service

/**
 * Estimates arrivals. The computation runs on `Dispatchers.Default`, off the request's
 * event loop thread; the log line written there, and the span of the
 * `DistanceCalculator.kilometres` call made there, still belong to the request's trace.
 *
 * @author Async Telemetry team
 */
@Service
class RoutePlanner(private val distances: DistanceCalculator, private val carriers: CarrierGateway) {

	private val logger = LoggerFactory.getLogger(RoutePlanner::class.java)

	/**
	 * Estimate when a shipment arrives.
	 * @param shipment the shipment
	 * @return its estimated arrival
	 */
	suspend fun eta(shipment: Shipment): Eta = withContext(Dispatchers.Default) {
		logger.info("Planning the route of {} from {} to {}", shipment.id, shipment.origin, shipment.destination)
		val kilometres = distances.kilometres(shipment.origin, shipment.destination)
		val carrier = carriers.carrier(shipment.carrier).awaitSingle()
		Eta(shipment.id, kilometres, Duration.ofMinutes(kilometres * 60L / carrier.averageSpeedKmPerHour))
	}

}
