package io.github.asynctelemetry.coroutine

import io.github.asynctelemetry.coroutine.app.CoroutineTestApplication
import io.github.asynctelemetry.coroutine.app.ShippingService
import io.github.asynctelemetry.testsupport.UnitCounts
import io.micrometer.core.instrument.MeterRegistry
import io.micrometer.tracing.Tracer
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatExceptionOfType
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.springframework.beans.factory.annotation.Autowired
import org.springframework.boot.test.context.SpringBootTest
import java.util.concurrent.TimeUnit

/**
 * End-to-end tests of Kotlin `suspend` functions as `coroutine` units and of `Flow`
 * returns as `future` units, untraced, in a Spring Boot application with Spring Boot's
 * own OpenTelemetry set-up: meters, outcomes, results and exceptions unchanged, and the
 * caller's context across dispatchers.
 *
 * @author Async Telemetry team
 */
@SpringBootTest(
	classes = [CoroutineTestApplication::class],
	properties = ["management.tracing.sampling.probability=1.0", "management.otlp.metrics.export.enabled=false"],
)
class CoroutineUnitIntegrationTests {

	@Autowired
	lateinit var shipping: ShippingService

	@Autowired
	lateinit var registry: MeterRegistry

	@Autowired
	lateinit var tracer: Tracer

	@Autowired
	lateinit var spans: InMemorySpanExporter

	private lateinit var counts: UnitCounts

	@BeforeEach
	fun reset() {
		this.spans.reset()
		this.counts = UnitCounts.since(this.registry)
	}

	private fun coroutines(name: String, state: String) = this.counts.count("coroutine", "ShippingService.$name", state)

	private fun flows(name: String, state: String) = this.counts.count("future", "ShippingService.$name", state)

	@Test
	fun suspendingCallIsOneFinishedUnitWithItsResultUnchanged() {
		assertThat(runBlocking { shipping.quote("tea") }).isEqualTo("quote tea")
		assertThat(coroutines("quote", "finished")).isEqualTo(1)
		assertThat(this.counts.count("future", "ShippingService.quote", "finished")).isZero()
	}

	@Test
	fun callThatReturnsWithoutSuspendingIsOneFinishedUnit() {
		assertThat(runBlocking { shipping.label("tea") }).isEqualTo("label tea")
		assertThat(coroutines("label", "finished")).isEqualTo(1)
	}

	@Test
	fun durationIncludesTheSuspensions() {
		runBlocking { shipping.pack(50) }
		val timer = this.registry.find("asyncio.process.duration")
			.tags("type", "coroutine", "name", "ShippingService.pack", "state", "finished")
			.timer()
		assertThat(timer).isNotNull()
		assertThat(timer!!.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(50.0)
	}

	@Test
	fun exceptionAfterASuspensionIsTheSameInstanceAndAnExceptionUnit() {
		val failure = IllegalStateException("no carrier")
		val thrown = catching { runBlocking { shipping.ship(failure) } }
		assertThat(thrown).isSameAs(failure)
		assertThat(coroutines("ship", "exception")).isEqualTo(1)
	}

	@Test
	fun exceptionWithoutASuspensionIsTheSameInstanceAndAnExceptionUnit() {
		val failure = IllegalArgumentException("no such item")
		val thrown = catching { runBlocking { shipping.reject(failure) } }
		assertThat(thrown).isSameAs(failure)
		assertThat(coroutines("reject", "exception")).isEqualTo(1)
	}

	@Test
	fun callCancelledWithItsCallerIsCancelled() {
		val gate = CompletableDeferred<Unit>()
		runBlocking {
			val call = async(start = CoroutineStart.UNDISPATCHED) { shipping.await(gate) }
			call.cancel()
			assertThatExceptionOfType(CancellationException::class.java).isThrownBy { runBlocking { call.await() } }
		}
		assertThat(coroutines("await", "cancelled")).isEqualTo(1)
		assertThat(coroutines("await", "finished")).isZero()
	}

	@Test
	fun withTimeoutThatExpiresIsATimeout() {
		assertThatExceptionOfType(TimeoutCancellationException::class.java)
			.isThrownBy { runBlocking { shipping.expedite() } }
		assertThat(coroutines("expedite", "timeout")).isEqualTo(1)
	}

	@Test
	fun callersTraceIsCurrentAfterTheFunctionChangesDispatcher() {
		val (traceId, caller) = this.tracer.callInSpan { shipping.traceIdElsewhere() }
		assertThat(traceId).isEqualTo(caller.context().traceId())
	}

	@Test
	fun callersTraceIdIsInTheMdcAfterTheFunctionChangesDispatcher() {
		val (traceId, caller) = this.tracer.callInSpan { shipping.mdcTraceIdElsewhere() }
		assertThat(traceId).isEqualTo(caller.context().traceId())
	}

	@Test
	fun callersTraceIsCurrentInACoroutineTheFunctionStarts() {
		val (traceId, caller) = this.tracer.callInSpan { shipping.traceIdInChild() }
		assertThat(traceId).isEqualTo(caller.context().traceId())
	}

	@Test
	fun nothingOfTheCallersTraceIsLeftOnTheCallingThread() {
		this.tracer.assertCallerKeepsItsSpan { shipping.quote("tea") }
	}

	@Test
	fun untracedCallsGiveNoSpan() {
		runBlocking { shipping.quote("tea") }
		assertThat(this.spans.finishedSpanItems).noneMatch { it.name.startsWith("coroutine ") }
	}

	@Test
	fun flowCollectedToItsEndIsOneFinishedFutureUnit() {
		assertThat(runBlocking { shipping.parcels(3).toList() }).containsExactly(1, 2, 3)
		assertThat(flows("parcels", "finished")).isEqualTo(1)
	}

	@Test
	fun flowNeverCollectedIsNoUnit() {
		shipping.parcels(3)
		assertThat(flows("parcels", "finished") + flows("parcels", "cancelled")).isZero()
	}

	@Test
	fun flowCollectedTwiceIsTwoUnits() {
		val parcels = shipping.parcels(2)
		runBlocking {
			parcels.collect { }
			parcels.collect { }
		}
		assertThat(flows("parcels", "finished")).isEqualTo(2)
	}

	@Test
	fun flowStoppedEarlyByTheCollectorIsCancelled() {
		assertThat(runBlocking { shipping.parcels(5).first() }).isEqualTo(1)
		assertThat(flows("parcels", "cancelled")).isEqualTo(1)
		assertThat(flows("parcels", "finished")).isZero()
	}

	@Test
	fun flowThatFailsIsAnExceptionWithTheSameInstance() {
		val failure = IllegalStateException("parcel lost")
		val values = mutableListOf<Int>()
		val thrown = catching { runBlocking { shipping.brokenParcels(failure).collect { values.add(it) } } }
		assertThat(thrown).isSameAs(failure)
		assertThat(values).containsExactly(1)
		assertThat(flows("brokenParcels", "exception")).isEqualTo(1)
	}

	private fun catching(call: () -> Unit): Throwable? = try {
		call()
		null
	}
	catch (ex: Throwable) {
		ex
	}

}
