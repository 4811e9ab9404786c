package io.github.asynctelemetry.coroutine

import io.github.asynctelemetry.coroutine.app.CoroutineTestApplication
import io.github.asynctelemetry.coroutine.app.ShippingService
import io.micrometer.tracing.Tracer
import io.opentelemetry.api.trace.SpanId
import io.opentelemetry.api.trace.StatusCode
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter
import io.opentelemetry.sdk.trace.data.SpanData
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatIllegalStateException
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.springframework.beans.factory.annotation.Autowired
import org.springframework.boot.test.context.SpringBootTest

/**
 * End-to-end tests of the spans of `coroutine` units selected by
 * `method-names-to-trace`, and of `future` units of `Flow`s with
 * `future-trace-enabled`, with Spring Boot's own OpenTelemetry set-up.
 *
 * @author Async Telemetry team
 */
@SpringBootTest(
	classes = [CoroutineTestApplication::class],
	properties = [
		"otel.instrumentation.async.method-names-to-trace=ShippingService.quote,ShippingService.ship,ShippingService.route,rate",
		"otel.instrumentation.async.future-trace-enabled=true",
		"management.tracing.sampling.probability=1.0",
		"management.otlp.metrics.export.enabled=false",
	],
)
class TracedCoroutineUnitIntegrationTests {

	@Autowired
	lateinit var shipping: ShippingService

	@Autowired
	lateinit var tracer: Tracer

	@Autowired
	lateinit var spans: InMemorySpanExporter

	@BeforeEach
	fun reset() {
		this.spans.reset()
	}

	private fun span(name: String): SpanData = this.spans.finishedSpanItems.single { it.name == name }

	@Test
	fun spanIsAChildOfTheSpanCurrentAtTheCall() {
		val (_, parent) = this.tracer.callInSpan { shipping.quote("tea") }
		val span = span("coroutine ShippingService.quote")
		assertThat(span.parentSpanId).isEqualTo(parent.context().spanId())
		assertThat(span.traceId).isEqualTo(parent.context().traceId())
		assertThat(span.attributes.asMap().mapKeys { it.key.key }).containsEntry("asyncio.type", "coroutine")
			.containsEntry("asyncio.name", "ShippingService.quote")
			.containsEntry("asyncio.state", "finished")
	}

	@Test
	fun spansMadeAfterTheFunctionChangesDispatcherAreChildrenOfItsSpan() {
		runBlocking { shipping.route("north") }
		val route = span("coroutine ShippingService.route")
		assertThat(span("route").parentSpanId).isEqualTo(route.spanId)
		val rate = span("coroutine RateService.rate")
		assertThat(rate.parentSpanId).isEqualTo(route.spanId)
		assertThat(rate.traceId).isEqualTo(route.traceId)
	}

	@Test
	fun failureGivesAnErrorSpanWithTheException() {
		assertThatIllegalStateException().isThrownBy { runBlocking { shipping.ship(IllegalStateException("no carrier")) } }
		val span = span("coroutine ShippingService.ship")
		assertThat(span.status.statusCode).isEqualTo(StatusCode.ERROR)
		assertThat(span.events).anySatisfy { assertThat(it.name).isEqualTo("exception") }
	}

	@Test
	fun functionsNotSelectedGiveNoSpan() {
		runBlocking { shipping.label("tea") }
		assertThat(this.spans.finishedSpanItems).noneMatch { it.name.startsWith("coroutine ") }
	}

	@Test
	fun flowCollectionGivesAFutureSpanChildOfTheSpanCurrentAtCollection() {
		val (_, parent) = this.tracer.callInSpan { shipping.parcels(2).toList() }
		val span = span("future ShippingService.parcels")
		assertThat(span.parentSpanId).isEqualTo(parent.context().spanId())
	}

	@Test
	fun callerIsLeftWithItsOwnSpanCurrent() {
		this.tracer.assertCallerKeepsItsSpan { shipping.quote("tea") }
	}

	@Test
	fun callerWithoutASpanFindsNoneOnceATracedCallThatSuspendedReturns() {
		val current = runBlocking {
			shipping.quote("tea")
			tracer.currentSpan()
		}
		assertThat(current).isNull()
		assertThat(span("coroutine ShippingService.quote").parentSpanId).isEqualTo(SpanId.getInvalid())
	}

}
