package io.github.asynctelemetry.samplekotlin.shipping

import java.time.Duration

/**
 * A parcel on its way from [origin] to [destination] with a [carrier].
 *
 * @author Async Telemetry team
 */
data class Shipment(val id: String, val origin: String, val destination: String, val carrier: String,
		val status: Status) {

	/**
	 * Where a shipment is.
	 */
	enum class Status { PICKED_UP, IN_TRANSIT, DELIVERED }

}

/**
 * One step of a shipment's journey.
 *
 * @author Async Telemetry team
 */
data class TrackingEvent(val shipment: String, val location: String, val description: String)

/**
 * A carrier that moves shipments.
 *
 * @author Async Telemetry team
 */
data class Carrier(val code: String, val name: String, val averageSpeedKmPerHour: Int)

/**
 * The estimated arrival of a shipment: [distanceKm] left, covered in [remaining].
 *
 * @author Async Telemetry team
 */
data class Eta(val shipment: String, val distanceKm: Int, val remaining: Duration)
