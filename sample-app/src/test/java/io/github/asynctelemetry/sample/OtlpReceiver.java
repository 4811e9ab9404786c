package io.github.asynctelemetry.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An OTLP/HTTP receiver, the part of an OpenTelemetry Collector that the application
 * talks to: it accepts {@code POST /v1/traces} and {@code POST /v1/metrics} with protobuf
 * bodies, decodes them with the official {@code io.opentelemetry.proto} classes and keeps
 * the spans and metrics. One receiver serves the whole test run, so that applications
 * exporting to it can still flush when their context is closed at the end.
 *
 * @author Async Telemetry team
 */
final class OtlpReceiver {

	private static final OtlpReceiver INSTANCE = new OtlpReceiver();

	private final HttpServer server;

	private final List<Span> spans = new CopyOnWriteArrayList<>();

	private final List<Metric> metrics = new CopyOnWriteArrayList<>();

	private OtlpReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/v1/traces", (exchange) -> receive(exchange, (body) -> {
			ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
			request.getResourceSpansList()
				.forEach((resource) -> resource.getScopeSpansList()
					.forEach((scope) -> this.spans.addAll(scope.getSpansList())));
			return ExportTraceServiceResponse.getDefaultInstance();
		}));
		this.server.createContext("/v1/metrics", (exchange) -> receive(exchange, (body) -> {
			ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body);
			request.getResourceMetricsList()
				.forEach((resource) -> resource.getScopeMetricsList()
					.forEach((scope) -> this.metrics.addAll(scope.getMetricsList())));
			return ExportMetricsServiceResponse.getDefaultInstance();
		}));
		this.server.setExecutor(Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "otlp-receiver");
			thread.setDaemon(true);
			return thread;
		}));
		this.server.start();
	}

	/**
	 * Return the receiver of the test run, started on a free port of the loopback
	 * address.
	 * @return the receiver
	 */
	static OtlpReceiver get() {
		return INSTANCE;
	}

	/**
	 * Return the URL to configure as the OTLP traces endpoint.
	 * @return the traces URL
	 */
	String tracesUrl() {
		return url("/v1/traces");
	}

	/**
	 * Return the URL to configure as the OTLP metrics URL.
	 * @return the metrics URL
	 */
	String metricsUrl() {
		return url("/v1/metrics");
	}

	/**
	 * Return every span received so far.
	 * @return the spans
	 */
	List<Span> spans() {
		return List.copyOf(this.spans);
	}

	/**
	 * Return every metric received so far, one entry per metric and export.
	 * @return the metrics
	 */
	List<Metric> metrics() {
		return List.copyOf(this.metrics);
	}

	private String url(String path) {
		return "http://" + this.server.getAddress().getHostString() + ":" + this.server.getAddress().getPort() + path;
	}

	private void receive(HttpExchange exchange, Decoder decoder) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			byte[] response;
			try {
				response = decoder.decode(body(exchange)).toByteArray();
			}
			catch (InvalidProtocolBufferException ex) {
				exchange.sendResponseHeaders(400, -1);
				return;
			}
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			if (response.length == 0) {
				exchange.sendResponseHeaders(200, -1);
				return;
			}
			exchange.sendResponseHeaders(200, response.length);
			exchange.getResponseBody().write(response);
		}
	}

	private static byte[] body(HttpExchange exchange) throws IOException {
		InputStream body = exchange.getRequestBody();
		if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
			body = new GZIPInputStream(body);
		}
		return body.readAllBytes();
	}

	/**
	 * Return the lowercase hex form of a span or trace id, as Micrometer Tracing shows
	 * it.
	 * @param id the id bytes
	 * @return the hex id
	 */
	static String hex(ByteString id) {
		return HexFormat.of().formatHex(id.toByteArray());
	}

	/**
	 * Return the string value of an attribute.
	 * @param attributes the attributes of a span or data point
	 * @param key the attribute key
	 * @return the value, or {@code null} when absent
	 */
	static String attribute(List<KeyValue> attributes, String key) {
		return attributes.stream()
			.filter((attribute) -> attribute.getKey().equals(key))
			.map((attribute) -> attribute.getValue().getStringValue())
			.findFirst()
			.orElse(null);
	}

	@FunctionalInterface
	private interface Decoder {

		Message decode(byte[] body) throws InvalidProtocolBufferException;

	}

}
