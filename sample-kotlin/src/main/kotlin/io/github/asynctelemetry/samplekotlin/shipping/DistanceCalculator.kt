package io.github.asynctelemetry.samplekotlin.shipping

import kotlin.math.abs
import kotlinx.coroutines.yield
import org.springframework.stereotype.Component

/**
 * Road distances between the cities the sample knows, as a routing engine would compute
 * them; it gives other coroutines a turn before it answers.
 *
 * @author Async Telemetry team
 */
@Component
class DistanceCalculator {

	private val positions = mapOf("Rotterdam" to 120, "Hamburg" to 480, "Antwerp" to 0, "Gdansk" to 1150,
			"Lyon" to 860, "Milan" to 1140, "Madrid" to 1560, "Vienna" to 1320)

	/**
	 * Return the distance between two cities.
	 * @param from the first city
	 * @param to the second city
	 * @return the distance in kilometres
	 */
	suspend fun kilometres(from: String, to: String): Int {
		yield()
		return abs(position(to) - position(from))
	}

	private fun position(city: String): Int = positions[city] ?: throw IllegalArgumentException("Unknown city $city")

}
