package io.github.asynctelemetry.samplekotlin.shipping

import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.onEach
import org.springframework.stereotype.Service

/**
 * The shipments and their tracking events, as a database would give them: after a short
 * wait. Each call of a `suspend` function is a `coroutine` unit (`ShipmentService.find`
 * fails, as state `exception`, for an unknown id); each collection of the returned
 * [Flow] is a `future` unit, from collection to its end.
 *
 * @author Async Telemetry team
 */
@Service
class ShipmentService {

	private val shipments = listOf(
			Shipment("SHP-1001", "Rotterdam", "Lyon", "RAIL", Shipment.Status.IN_TRANSIT),
			Shipment("SHP-1002", "Hamburg", "Milan", "ROAD", Shipment.Status.IN_TRANSIT),
			Shipment("SHP-1003", "Antwerp", "Madrid", "ROAD", Shipment.Status.PICKED_UP),
			Shipment("SHP-1004", "Gdansk", "Vienna", "RAIL", Shipment.Status.DELIVERED))
		.associateBy(Shipment::id)

	/**
	 * Find a shipment.
	 * @param id the shipment id
	 * @return the shipment
	 * @throws ShipmentNotFoundException if there is none with that id
	 */
	suspend fun find(id: String): Shipment {
		delay(LOOKUP_TIME_MILLIS)
		return shipments[id] ?: throw ShipmentNotFoundException(id)
	}

	/**
	 * Return the shipments on their way.
	 * @return the shipments picked up or in transit
	 */
	suspend fun inTransit(): List<Shipment> {
		delay(LOOKUP_TIME_MILLIS)
		return shipments.values.filter { it.status != Shipment.Status.DELIVERED }
	}

	/**
	 * Return the tracking events of a shipment, one at a time.
	 * @param id the shipment id
	 * @return the events, from the pick-up on
	 */
	fun events(id: String): Flow<TrackingEvent> {
		val shipment = shipments[id] ?: throw ShipmentNotFoundException(id)
		return listOf(
				TrackingEvent(id, shipment.origin, "Picked up"),
				TrackingEvent(id, shipment.origin, "Left the hub"),
				TrackingEvent(id, "on the way to ${shipment.destination}", "In transit"))
			.asFlow()
			.onEach { delay(LOOKUP_TIME_MILLIS) }
	}

	private companion object {

		const val LOOKUP_TIME_MILLIS = 10L

	}

}
