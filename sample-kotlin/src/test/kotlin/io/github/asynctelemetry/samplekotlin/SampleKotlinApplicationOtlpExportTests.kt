package io.github.asynctelemetry.samplekotlin

import io.github.asynctelemetry.samplekotlin.shipping.ShipmentNotFoundException
import io.opentelemetry.proto.trace.v1.Span
import io.opentelemetry.proto.trace.v1.Status.StatusCode
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.security.SecureRandom
import java.time.Duration
import java.util.HexFormat
import org.assertj.core.api.Assertions.assertThat
import org.awaitility.Awaitility.await
import org.awaitility.core.ConditionTimeoutException
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import org.springframework.boot.test.context.SpringBootTest
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment
import org.springframework.boot.test.system.CapturedOutput
import org.springframework.boot.test.system.OutputCaptureExtension
import org.springframework.boot.test.web.server.LocalServerPort
import org.springframework.test.context.DynamicPropertyRegistry
import org.springframework.test.context.DynamicPropertySource

/**
 * The Kotlin sample on a random port, exporting spans over OTLP/HTTP to an [OtlpReceiver]
 * inside the test, as it would to an OpenTelemetry Collector. Requests go over real
 * HTTP; most start a trace of their own with a W3C `traceparent` header, so that the
 * spans of a test are told apart from any other exported to the receiver.
 *
 * @author Async Telemetry team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = ["management.opentelemetry.tracing.export.schedule-delay=100ms",
			"sample.delay-monitor.initial-delay=0s", "sample.delay-monitor.delay=1s"])
@ExtendWith(OutputCaptureExtension::class)
class SampleKotlinApplicationOtlpExportTests {

	private val http = HttpClient.newHttpClient()

	private val traceId = randomHex(16)

	private val callerSpanId = randomHex(8)

	@LocalServerPort
	private var port = 0

	@Test
	fun `coroutine spans are children of the request span, also inside withContext(Dispatchers Default)`() {
		assertThat(get("/shipments/SHP-1001/eta").statusCode()).isEqualTo(200)
		val request = awaitRequestSpan()
		assertThat(request.name).isEqualTo("http get /shipments/{id}/eta")
		val find = awaitSpan("coroutine ShipmentService.find")
		assertThat(find.parentSpanId).isEqualTo(request.spanId)
		assertThat(find.kind).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL)
		assertThat(find.attributesList.attribute("asyncio.type")).isEqualTo("coroutine")
		assertThat(find.attributesList.attribute("asyncio.name")).isEqualTo("ShipmentService.find")
		assertThat(find.attributesList.attribute("asyncio.state")).isEqualTo("finished")
		val eta = awaitSpan("coroutine RoutePlanner.eta")
		assertThat(eta.parentSpanId).isEqualTo(request.spanId)
		assertThat(eta.status.code).isNotEqualTo(StatusCode.STATUS_CODE_ERROR)
		val kilometres = awaitSpan("coroutine DistanceCalculator.kilometres")
		assertThat(kilometres.traceId).isEqualTo(eta.traceId)
		assertThat(kilometres.parentSpanId).describedAs("called inside withContext(Dispatchers.Default)").isEqualTo(eta.spanId)
	}

	@Test
	fun `failed suspend call has the error status and the exception`() {
		assertThat(get("/shipments/SHP-0000").statusCode()).isEqualTo(404)
		val find = awaitSpan("coroutine ShipmentService.find")
		assertThat(find.parentSpanId).isEqualTo(awaitRequestSpan().spanId)
		assertThat(find.attributesList.attribute("asyncio.state")).isEqualTo("exception")
		assertThat(find.status.code).isEqualTo(StatusCode.STATUS_CODE_ERROR)
		assertThat(find.eventsList).anySatisfy { event ->
			assertThat(event.name).isEqualTo("exception")
			assertThat(event.attributesList.attribute("exception.type"))
				.isEqualTo(ShipmentNotFoundException::class.java.name)
			assertThat(event.attributesList.attribute("exception.message")).isEqualTo("No shipment SHP-0000")
		}
	}

	@Test
	fun `future spans of a returned Mono are children of the request span held in the Reactor context`() {
		assertThat(get("/carriers/ROAD").statusCode()).isEqualTo(200)
		val request = awaitRequestSpan()
		assertThat(request.name).isEqualTo("http get /carriers/{code}")
		val gateway = awaitSpan("future CarrierGateway.carrier")
		assertThat(gateway.parentSpanId).isEqualTo(request.spanId)
		assertThat(gateway.attributesList.attribute("asyncio.type")).isEqualTo("future")
		assertThat(gateway.attributesList.attribute("asyncio.state")).isEqualTo("finished")
		assertThat(awaitSpan("future ShipmentController.carrier").parentSpanId).isEqualTo(request.spanId)
	}

	@Test
	fun `future span of a returned Flow is a child of the request span`() {
		assertThat(get("/shipments/SHP-1003/events").statusCode()).isEqualTo(200)
		val events = awaitSpan("future ShipmentService.events")
		assertThat(events.parentSpanId).isEqualTo(awaitRequestSpan().spanId)
		assertThat(events.attributesList.attribute("asyncio.state")).isEqualTo("finished")
	}

	@Test
	fun `scheduled suspend job has its task span, in whose trace run the coroutine spans of the job`() {
		await().atMost(TIMEOUT).until { OtlpReceiver.spans().any { it.name == "task DelayMonitor.checkDelays" } }
		val task = OtlpReceiver.spans().first { it.name == "task DelayMonitor.checkDelays" }
		assertThat(task.attributesList.attribute("asyncio.type")).isEqualTo("task")
		assertThat(task.attributesList.attribute("asyncio.state")).isEqualTo("finished")
		assertThat(task.parentSpanId.isEmpty).describedAs("a run is a trace of its own").isTrue()
		// The spans of a run end before its task span: they were exported with it or before it
		val run = OtlpReceiver.spans().filter { it.traceId == task.traceId }
		val body = run.single { it.parentSpanId == task.spanId && it.attributesList.attribute("code.function") == "checkDelays" }
		assertThat(run.filter { it.name == "coroutine RoutePlanner.eta" })
			.describedAs("one per shipment on its way, children of the span current in the function: "
					+ "Spring's scheduled-task observation, under the task span")
			.hasSize(3)
			.allSatisfy { assertThat(it.parentSpanId).isEqualTo(body.spanId) }
	}

	@Test
	fun `log line written inside withContext(Dispatchers Default) carries the request's trace id`(output: CapturedOutput) {
		val response = http.send(HttpRequest.newBuilder(uri("/shipments/SHP-1004/eta")).build(),
				HttpResponse.BodyHandlers.ofString())
		assertThat(response.statusCode()).isEqualTo(200)
		val line = Regex("""\[([0-9a-f]{32})-([0-9a-f]{16})].*Planning the route of SHP-1004""")
		await().atMost(TIMEOUT).until { line.containsMatchIn(output.out) }
		val (loggedTraceId, loggedSpanId) = line.find(output.out)!!.destructured
		val request = awaitSpans(loggedTraceId) { it.kind == Span.SpanKind.SPAN_KIND_SERVER }.single()
		val eta = awaitSpans(loggedTraceId) { it.name == "coroutine RoutePlanner.eta" }.single()
		assertThat(eta.spanId.hex()).describedAs("the span current where the line was written").isEqualTo(loggedSpanId)
		assertThat(request.parentSpanId.isEmpty).describedAs("no traceparent: the server span is the root").isTrue()
		assertThat(eta.parentSpanId).isEqualTo(request.spanId)
	}

	/**
	 * Await the server span of the test's request: the span of its trace whose parent is
	 * the caller span named in the `traceparent` header.
	 */
	private fun awaitRequestSpan(): Span {
		val request = awaitSpans(traceId) { it.kind == Span.SpanKind.SPAN_KIND_SERVER }.single()
		assertThat(request.parentSpanId.hex()).isEqualTo(callerSpanId)
		return request
	}

	private fun awaitSpan(name: String): Span = awaitSpans(traceId) { it.name == name }.single()

	/**
	 * Await at least one span of the trace that matches, and return every one that does.
	 */
	private fun awaitSpans(trace: String, match: (Span) -> Boolean): List<Span> {
		val ofTheTrace = { OtlpReceiver.spans().filter { it.traceId.hex() == trace } }
		try {
			await().atMost(TIMEOUT).until { ofTheTrace().any(match) }
		}
		catch (ex: ConditionTimeoutException) {
			throw AssertionError("Too few matching spans in trace $trace, which has ${ofTheTrace().map { it.name }}", ex)
		}
		return ofTheTrace().filter(match)
	}

	private fun get(path: String): HttpResponse<String> = http.send(
			HttpRequest.newBuilder(uri(path)).header("traceparent", "00-$traceId-$callerSpanId-01").build(),
			HttpResponse.BodyHandlers.ofString())

	private fun uri(path: String) = URI.create("http://localhost:$port$path")

	companion object {

		private val TIMEOUT = Duration.ofSeconds(30)

		private val random = SecureRandom()

		@JvmStatic
		@DynamicPropertySource
		fun exportToTheReceiver(registry: DynamicPropertyRegistry) {
			registry.add("management.opentelemetry.tracing.export.otlp.endpoint") { OtlpReceiver.tracesUrl }
		}

		private fun randomHex(bytes: Int): String = HexFormat.of().formatHex(ByteArray(bytes).also(random::nextBytes))

	}

}
