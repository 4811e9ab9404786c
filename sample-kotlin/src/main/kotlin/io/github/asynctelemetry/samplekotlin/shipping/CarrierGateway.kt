package io.github.asynctelemetry.samplekotlin.shipping

import java.time.Duration
import org.springframework.stereotype.Component
import reactor.core.publisher.Mono

/**
 * The carriers' own API, reactive as a `WebClient` call would be: every subscription to
 * a returned [Mono] is a `future` unit named `CarrierGateway.carrier`, from the
 * subscription to its value.
 *
 * @author Async Telemetry team
 */
@Component
class CarrierGateway {

	private val carriers = listOf(Carrier("RAIL", "Rail Cargo Europe", 70), Carrier("ROAD", "Road Freight Ltd", 60))
		.associateBy(Carrier::code)

	/**
	 * Ask for a carrier.
	 * @param code the carrier code
	 * @return the carrier, or an empty Mono when there is none with that code
	 */
	fun carrier(code: String): Mono<Carrier> =
		Mono.justOrEmpty(carriers[code]).delayElement(Duration.ofMillis(RESPONSE_TIME_MILLIS))

	private companion object {

		const val RESPONSE_TIME_MILLIS = 5L

	}

}
