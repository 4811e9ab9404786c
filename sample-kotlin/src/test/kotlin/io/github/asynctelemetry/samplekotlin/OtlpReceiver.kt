package io.github.asynctelemetry.samplekotlin

import com.google.protobuf.ByteString
import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse
import io.opentelemetry.proto.common.v1.KeyValue
import io.opentelemetry.proto.trace.v1.Span
import java.net.InetAddress
import java.net.InetSocketAddress
import java.util.HexFormat
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.Executors
import java.util.zip.GZIPInputStream

/**
 * An OTLP/HTTP receiver for spans, the part of an OpenTelemetry Collector that the
 * application talks to: it accepts `POST /v1/traces` with a protobuf body, decodes it
 * with the official `io.opentelemetry.proto` classes and keeps the spans. One receiver
 * serves the whole test run, so that applications exporting to it can still flush when
 * their context is closed at the end.
 *
 * @author Async Telemetry team
 */
object OtlpReceiver {

	private val spans = CopyOnWriteArrayList<Span>()

	private val server = HttpServer.create(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0).apply {
		createContext("/v1/traces", ::receive)
		executor = Executors.newSingleThreadExecutor { task -> Thread(task, "otlp-receiver").apply { isDaemon = true } }
		start()
	}

	/**
	 * The URL to configure as the OTLP traces endpoint.
	 */
	val tracesUrl: String
		get() = "http://${server.address.hostString}:${server.address.port}/v1/traces"

	/**
	 * Return every span received so far.
	 */
	fun spans(): List<Span> = spans.toList()

	private fun receive(exchange: HttpExchange) = exchange.use {
		var body = exchange.requestBody
		if ("gzip".equals(exchange.requestHeaders.getFirst("Content-Encoding"), ignoreCase = true)) {
			body = GZIPInputStream(body)
		}
		ExportTraceServiceRequest.parseFrom(body.readAllBytes()).resourceSpansList
			.flatMap { it.scopeSpansList }
			.forEach { spans.addAll(it.spansList) }
		val response = ExportTraceServiceResponse.getDefaultInstance().toByteArray()
		exchange.responseHeaders.set("Content-Type", "application/x-protobuf")
		exchange.sendResponseHeaders(200, if (response.isEmpty()) -1 else response.size.toLong())
		exchange.responseBody.write(response)
	}

}

/**
 * The lowercase hex form of a span or trace id, as Micrometer Tracing shows it.
 */
fun ByteString.hex(): String = HexFormat.of().formatHex(toByteArray())

/**
 * The string value of the attribute [key], or `null` when absent.
 */
fun List<KeyValue>.attribute(key: String): String? = firstOrNull { it.key == key }?.value?.stringValue
