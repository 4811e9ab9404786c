package io.github.asynctelemetry.coroutine

import io.micrometer.tracing.Span
import io.micrometer.tracing.Tracer
import kotlinx.coroutines.runBlocking

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
