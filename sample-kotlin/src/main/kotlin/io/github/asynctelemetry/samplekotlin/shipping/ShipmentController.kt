package io.github.asynctelemetry.samplekotlin.shipping

import kotlinx.coroutines.flow.Flow
import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.PathVariable
import org.springframework.web.bind.annotation.RestController
import reactor.core.publisher.Mono

/**
 * Tracking over HTTP. The `suspend` handlers run in coroutines that WebFlux starts; the
 * `Mono` and the `Flow` that the services return are subscribed (collected) by WebFlux
 * when it writes the response.
 *
 * @author Async Telemetry team
 */
@RestController
class ShipmentController(private val shipments: ShipmentService, private val routes: RoutePlanner,
		private val carriers: CarrierGateway) {

	@GetMapping("/shipments/{id}")
	suspend fun shipment(@PathVariable id: String): Shipment = shipments.find(id)

	@GetMapping("/shipments/{id}/eta")
	suspend fun eta(@PathVariable id: String): Eta = routes.eta(shipments.find(id))

	@GetMapping("/shipments/{id}/events")
	fun events(@PathVariable id: String): Flow<TrackingEvent> = shipments.events(id)

	@GetMapping("/carriers/{code}")
	fun carrier(@PathVariable code: String): Mono<Carrier> = carriers.carrier(code)

}
