package io.github.asynctelemetry.samplekotlin

import com.jayway.jsonpath.DocumentContext
import com.jayway.jsonpath.JsonPath
import com.jayway.jsonpath.PathNotFoundException
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import org.assertj.core.api.Assertions.assertThat
import org.awaitility.Awaitility.await
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.springframework.boot.test.context.SpringBootTest
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment
import org.springframework.boot.test.web.server.LocalServerPort

/**
 * The actuator of the Kotlin sample over real HTTP, after one request of every
 * endpoint: the `metrics`, `prometheus` and `asyncio` endpoints show the `coroutine`
 * units of the suspend functions and the `future` units of the returned `Mono` and
 * `Flow`. The scheduled delay monitor is off, so that every unit comes from the requests.
 *
 * @author Async Telemetry team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = ["sample.delay-monitor.enabled=false"])
class SampleKotlinApplicationActuatorTests {

	@LocalServerPort
	private var port = 0

	@Test
	fun `metrics endpoint counts each suspend call as a coroutine unit by name and state`() {
		assertThat(count("type:coroutine", "name:ShipmentService.find", "state:finished")).isEqualTo(2.0)
		assertThat(count("type:coroutine", "name:ShipmentService.find", "state:exception")).isEqualTo(1.0)
		assertThat(count("type:coroutine", "name:RoutePlanner.eta", "state:finished")).isEqualTo(1.0)
		assertThat(count("type:coroutine", "name:DistanceCalculator.kilometres", "state:finished")).isEqualTo(1.0)
		assertThat(count("type:coroutine", "name:ShipmentController.shipment")).isEqualTo(2.0)
		assertThat(count("type:future", "name:CarrierGateway.carrier", "state:finished")).isEqualTo(2.0)
		assertThat(count("type:future", "name:ShipmentService.events", "state:finished")).isEqualTo(1.0)
	}

	@Test
	fun `coroutine duration includes the suspensions`() {
		val duration = JsonPath.parse(get("/actuator/metrics/asyncio.process.duration"
				+ "?tag=type:coroutine&tag=name:ShipmentService.find"))
		assertThat(duration.read<String>("$.baseUnit")).isEqualTo("seconds")
		assertThat(duration.read<List<Double>>("$.measurements[?(@.statistic == 'COUNT')].value")).containsExactly(3.0)
		// Each call waits 10 ms in delay(...) before it answers or throws
		assertThat(duration.read<List<Double>>("$.measurements[?(@.statistic == 'TOTAL_TIME')].value").single())
			.isGreaterThanOrEqualTo(3 * 0.010)
	}

	@Test
	fun `failed suspend call answers as it would without the starter`() {
		assertThat(notFound.statusCode()).isEqualTo(404)
		val error = JsonPath.parse(notFound.body())
		assertThat(error.read<Int>("$.status")).isEqualTo(404)
		assertThat(error.read<String>("$.error")).isEqualTo("Not Found")
		assertThat(error.read<String>("$.path")).isEqualTo("/shipments/SHP-0000")
	}

	@Test
	fun `prometheus endpoint has the coroutine series`() {
		assertThat(get("/actuator/prometheus"))
			.contains("asyncio_process_count_total{name=\"ShipmentService.find\",state=\"exception\","
					+ "type=\"coroutine\"} 1.0")
			.contains("asyncio_process_duration_seconds_count{name=\"RoutePlanner.eta\",state=\"finished\","
					+ "type=\"coroutine\"} 1")
	}

	@Test
	fun `asyncio endpoint lists the coroutine and future units and which are traced`() {
		val asyncio = JsonPath.parse(get("/actuator/asyncio"))
		assertThat(asyncio.read<List<String>>("$.configuration.methodNamesToTrace"))
			.containsExactly("ShipmentService.find", "RoutePlanner.eta", "DistanceCalculator.kilometres")
		assertThat(unit(asyncio, "coroutine", "ShipmentService.find")).containsEntry("traced", true)
			.containsEntry("spanName", "coroutine ShipmentService.find")
			.containsEntry("recorded", 3)
			.containsEntry("states", mapOf("finished" to 2, "exception" to 1))
			.containsEntry("active", 0)
		assertThat(unit(asyncio, "coroutine", "RoutePlanner.eta")).containsEntry("traced", true)
			.containsEntry("recorded", 1)
		assertThat(unit(asyncio, "coroutine", "ShipmentController.shipment")).containsEntry("traced", false)
			.containsEntry("states", mapOf("finished" to 1, "exception" to 1))
		assertThat(unit(asyncio, "future", "CarrierGateway.carrier")).containsEntry("traced", true)
			.containsEntry("spanName", "future CarrierGateway.carrier")
			.containsEntry("recorded", 2)
		assertThat(unit(asyncio, "future", "ShipmentService.events")).containsEntry("traced", true)
			.containsEntry("spanName", "future ShipmentService.events")
			.containsEntry("states", mapOf("finished" to 1))
		assertThat(asyncio.read<Boolean>("$.instrumentationFailed")).isFalse()
	}

	private fun count(vararg tags: String): Double {
		val query = tags.joinToString("&") { "tag=$it" }
		return JsonPath.parse(get("/actuator/metrics/asyncio.process.count?$query")).read("$.measurements[0].value")
	}

	private fun unit(asyncio: DocumentContext, type: String, name: String): Map<String, Any> {
		val units = asyncio.read<List<Map<String, Any>>>("$.units.$type[?(@.name == '$name')]")
		assertThat(units).describedAs("%s %s", type, name).hasSize(1)
		return units.single()
	}

	private fun get(path: String): String = get(port, path)

	companion object {

		private val TIMEOUT = Duration.ofSeconds(30)

		private val http = HttpClient.newHttpClient()

		private lateinit var notFound: HttpResponse<String>

		@JvmStatic
		@BeforeAll
		fun callEveryEndpoint(@LocalServerPort port: Int) {
			get(port, "/shipments/SHP-1001")
			get(port, "/shipments/SHP-1002/eta")
			notFound = send(port, "/shipments/SHP-0000")
			get(port, "/carriers/RAIL")
			assertThat(JsonPath.parse(get(port, "/shipments/SHP-1003/events")).read<List<String>>("$[*].description"))
				.containsExactly("Picked up", "Left the hub", "In transit")
			await().atMost(TIMEOUT).ignoreException(PathNotFoundException::class.java).until {
				val asyncio = JsonPath.parse(get(port, "/actuator/asyncio"))
				asyncio.read<List<Int>>("$.units.coroutine[?(@.name == 'ShipmentService.find')].recorded") == listOf(3)
						&& asyncio.read<List<Int>>("$.units.future[?(@.name == 'ShipmentService.events')].recorded") == listOf(1)
			}
		}

		private fun get(port: Int, path: String): String {
			val response = send(port, path)
			assertThat(response.statusCode()).describedAs("GET %s", path).isEqualTo(200)
			return response.body()
		}

		private fun send(port: Int, path: String): HttpResponse<String> =
			http.send(HttpRequest.newBuilder(URI.create("http://localhost:$port$path")).build(),
					HttpResponse.BodyHandlers.ofString())

	}

}
