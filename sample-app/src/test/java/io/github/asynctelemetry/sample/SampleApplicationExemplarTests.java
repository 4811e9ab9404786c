package io.github.asynctelemetry.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Trace exemplars on the {@code asyncio.process.duration} histogram buckets, as a
 * Prometheus server scraping in the OpenMetrics format sees them: the sample on a random
 * port with the histogram on, its spans exported to an {@link OtlpReceiver} so that the
 * exemplars' span ids can be checked against the spans. Each request starts a trace of
 * its own with a W3C {@code traceparent} header. A traced unit's samples carry its own
 * span; an untraced one's carry the span of the caller (here the request's server span).
 *
 * @author Async Telemetry team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.simulator.enabled=false", "management.opentelemetry.tracing.export.schedule-delay=100ms",
				"management.metrics.distribution.percentiles-histogram[asyncio.process.duration]=true" })
class SampleApplicationExemplarTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

	private static final Pattern EXEMPLAR = Pattern
		.compile("^asyncio_process_duration_seconds_bucket\\{(?<labels>[^}]*)} \\S+ # \\{(?<exemplar>[^}]*)}");

	private static final SecureRandom random = new SecureRandom();

	private static final OtlpReceiver receiver = OtlpReceiver.get();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void exportToTheReceiver(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", receiver::tracesUrl);
	}

	@Test
	void tracedUnitsCarryTheirOwnSpanAsExemplar() throws Exception {
		String traceId = randomHex(16);
		send(HttpRequest.newBuilder(uri("/orders"))
			.header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"customer\":\"ada@example.com\",\"item\":\"tea\",\"quantity\":1}")),
				202);
		Span async = awaitSpan(traceId, "async OrderService.sendConfirmation");
		Span future = awaitSpan(traceId, "future OrderService.sendConfirmation");
		assertThat(exemplars("type=\"async_method\"", "name=\"OrderService.sendConfirmation\"", "state=\"finished\""))
			.contains(exemplar(traceId, async));
		assertThat(exemplars("type=\"future\"", "name=\"OrderService.sendConfirmation\"", "state=\"finished\""))
			.contains(exemplar(traceId, future));
	}

	@Test
	void untracedUnitsCarryTheCallersSpanAsExemplar() throws Exception {
		String traceId = randomHex(16);
		send(HttpRequest.newBuilder(uri("/prices/espresso"))
			.header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
			.GET(), 200);
		Span request = awaitSpan(traceId, "http get /prices/{item}");
		assertThat(exemplars("type=\"task\"", "name=\"SupplierGateway.quote\"", "state=\"finished\""))
			.contains(exemplar(traceId, request));
	}

	/**
	 * Return the exemplars, as {@code trace_id/span_id}, of the duration buckets whose
	 * labels include all of the given ones, read from {@code /actuator/prometheus} with
	 * the OpenMetrics {@code Accept} header.
	 */
	private List<String> exemplars(String... labels) throws IOException, InterruptedException {
		String scrape = send(HttpRequest.newBuilder(uri("/actuator/prometheus")).header("Accept", OPENMETRICS).GET(),
				200);
		return scrape.lines().map(EXEMPLAR::matcher).filter(Matcher::find).filter((line) -> {
			List<String> found = List.of(line.group("labels").split(","));
			return found.containsAll(List.of(labels));
		}).map((line) -> label(line.group("exemplar"), "trace_id") + "/" + label(line.group("exemplar"), "span_id"))
			.toList();
	}

	private static String label(String labels, String name) {
		Matcher value = Pattern.compile(name + "=\"([0-9a-f]+)\"").matcher(labels);
		return value.find() ? value.group(1) : "";
	}

	private static String exemplar(String traceId, Span span) {
		return traceId + "/" + OtlpReceiver.hex(span.getSpanId());
	}

	private Span awaitSpan(String traceId, String name) {
		await().atMost(TIMEOUT).until(() -> spans(traceId, name).size() == 1);
		return spans(traceId, name).get(0);
	}

	private static List<Span> spans(String traceId, String name) {
		return receiver.spans()
			.stream()
			.filter((span) -> OtlpReceiver.hex(span.getTraceId()).equals(traceId) && span.getName().equals(name))
			.toList();
	}

	private String send(HttpRequest.Builder request, int expectedStatus) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(expectedStatus);
		return response.body();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static String randomHex(int bytes) {
		byte[] id = new byte[bytes];
		random.nextBytes(id);
		return HexFormat.of().formatHex(id);
	}

}
