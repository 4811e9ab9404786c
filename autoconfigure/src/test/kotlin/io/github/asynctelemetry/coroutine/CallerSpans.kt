package io.github.asynctelemetry.coroutine

import io.micrometer.tracing.Span
import io.micrometer.tracing.Tracer
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat

/**
 * Call suspend code from a blocking caller whose span is current, as a request thread's
 * is, and return what it returned with that span, ended.
 *
 * @author Async Telemetry team
 */
internal fun <T> Tracer.callInSpan(call: suspend () -> T): Pair<T, Span> {
	val caller = nextSpan().name("caller").start()
	try {
		return withSpan(caller).use { runBlocking { call() } } to caller
	}
	finally {
		caller.end()
	}
}

/**
 * Assert that a caller whose span is current finds that span current again in its own
 * code once the given suspend call returns, and that nothing is current on the calling
 * thread afterwards.
 *
 * @author Async Telemetry team
 */
internal fun Tracer.assertCallerKeepsItsSpan(call: suspend () -> Unit) {
	val (spanId, caller) = callInSpan {
		call()
		currentSpan()?.context()?.spanId()
	}
	assertThat(spanId).isEqualTo(caller.context().spanId())
	assertThat(currentSpan()).isNull()
}
