package io.github.asynctelemetry.samplekotlin.shipping

import org.springframework.http.HttpStatus
import org.springframework.web.bind.annotation.ResponseStatus

/**
 * Thrown when no shipment has the id asked for; answered with 404 Not Found.
 *
 * @author Async Telemetry team
 */
@ResponseStatus(HttpStatus.NOT_FOUND)
class ShipmentNotFoundException(id: String) : RuntimeException("No shipment $id")
