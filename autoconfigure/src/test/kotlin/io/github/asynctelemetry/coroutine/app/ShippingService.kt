package io.github.asynctelemetry.coroutine.app

import io.micrometer.tracing.Tracer
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import org.slf4j.MDC
import org.springframework.stereotype.Component

/**
 * Suspend functions of every shape, and a method returning a `Flow`.
 *
 * @author Async Telemetry team
 */
@Component
class ShippingService(private val tracer: Tracer, private val rates: RateService) {

	/** Suspends once, then returns. */
	suspend fun quote(item: String): String {
		delay(1)
		return "quote $item"
	}

	/** Suspends for at least the given time. */
	suspend fun pack(millis: Long): String {
		delay(millis)
		return "packed"
	}

	/** Returns without suspending. */
	suspend fun label(item: String): String = "label $item"

	/** Suspends, then throws the given exception. */
	suspend fun ship(failure: Throwable): String {
		delay(1)
		throw failure
	}

	/** Throws the given exception without suspending. */
	suspend fun reject(failure: Throwable): String = throw failure

	/** Suspends until the given deferred completes: cancelled with its caller. */
	suspend fun await(gate: CompletableDeferred<Unit>): String {
		gate.await()
		return "done"
	}

	/** Times out inside. */
	suspend fun expedite(): String = withTimeout(5) {
		delay(10_000)
		"expedited"
	}

	/** The trace id current after the function changed dispatcher. */
	suspend fun traceIdElsewhere(): String? = withContext(Dispatchers.Default) {
		this@ShippingService.tracer.currentSpan()?.context()?.traceId()
	}

	/** The trace id in the MDC after the function changed dispatcher. */
	suspend fun mdcTraceIdElsewhere(): String? = withContext(Dispatchers.Default) {
		MDC.get("traceId")
	}

	/** The trace id current in a coroutine that the function starts on another dispatcher. */
	suspend fun traceIdInChild(): String? = coroutineScope {
		async(Dispatchers.IO) { this@ShippingService.tracer.currentSpan()?.context()?.traceId() }.await()
	}

	/** Starts a span on another dispatcher, and calls another bean there. */
	suspend fun route(zone: String): Int = withContext(Dispatchers.Default) {
		val span = this@ShippingService.tracer.nextSpan().name("route").start()
		span.end()
		this@ShippingService.rates.rate(zone)
	}

	/** A cold flow of the given number of values, suspending before each. */
	fun parcels(count: Int): Flow<Int> = flow {
		for (i in 1..count) {
			delay(1)
			emit(i)
		}
	}

	/** A cold flow that fails after one value. */
	fun brokenParcels(failure: Throwable): Flow<Int> = flow {
		emit(1)
		delay(1)
		throw failure
	}

}
