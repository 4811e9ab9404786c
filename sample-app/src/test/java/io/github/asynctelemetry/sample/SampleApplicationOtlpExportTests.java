package io.github.asynctelemetry.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.github.asynctelemetry.sample.price.Supplier;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application on a random port, exporting spans and metrics over OTLP/HTTP to
 * an {@link OtlpReceiver} inside the test, as it would to an OpenTelemetry Collector.
 * Scenarios are triggered over real HTTP, each request in a trace of its own that the
 * test starts with a W3C {@code traceparent} header, so that the spans of a test are told
 * apart from any other exported to the receiver.
 *
 * @author Async Telemetry team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.simulator.enabled=false", "management.opentelemetry.tracing.export.schedule-delay=100ms",
				"management.otlp.metrics.export.enabled=true", "management.otlp.metrics.export.step=1s" })
class SampleApplicationOtlpExportTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final SecureRandom random = new SecureRandom();

	private static final OtlpReceiver receiver = OtlpReceiver.get();

	private final HttpClient http = HttpClient.newHttpClient();

	private final String traceId = randomHex(16);

	private final String callerSpanId = randomHex(8);

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void exportToTheReceiver(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", receiver::tracesUrl);
		registry.add("management.otlp.metrics.export.url", receiver::metricsUrl);
	}

	@Test
	void asyncConfirmationSpanIsAChildOfTheRequestSpanAcrossThreads() throws Exception {
		post("/orders", "{\"customer\":\"ada@example.com\",\"item\":\"coffee\",\"quantity\":2}");
		Span request = awaitRequestSpan();
		assertThat(request.getName()).isEqualTo("http post /orders");
		Span async = awaitSpan("async OrderService.sendConfirmation");
		assertThat(async.getParentSpanId()).isEqualTo(request.getSpanId());
		assertThat(async.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
		assertThat(async.getStatus().getCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(OtlpReceiver.attribute(async.getAttributesList(), "asyncio.type")).isEqualTo("async_method");
		assertThat(OtlpReceiver.attribute(async.getAttributesList(), "asyncio.name"))
			.isEqualTo("OrderService.sendConfirmation");
		assertThat(OtlpReceiver.attribute(async.getAttributesList(), "asyncio.state")).isEqualTo("finished");
		assertThat(async.getAttributesList()).anySatisfy((attribute) -> {
			assertThat(attribute.getKey()).isEqualTo("asyncio.queue_wait");
			assertThat(attribute.getValue().getDoubleValue()).isNotNegative();
		});
		Span future = awaitSpan("future OrderService.sendConfirmation");
		assertThat(future.getParentSpanId()).isEqualTo(request.getSpanId());
	}

	@Test
	void failedConfirmationSpanHasTheErrorStatusAndTheException() throws Exception {
		post("/orders", "{\"customer\":\"bob.example.com\",\"item\":\"tea\",\"quantity\":1}");
		Span async = awaitSpan("async OrderService.sendConfirmation");
		assertThat(async.getParentSpanId()).isEqualTo(awaitRequestSpan().getSpanId());
		assertThat(OtlpReceiver.attribute(async.getAttributesList(), "asyncio.state")).isEqualTo("exception");
		assertThat(async.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(async.getEventsList()).anySatisfy((event) -> {
			assertThat(event.getName()).isEqualTo("exception");
			assertThat(OtlpReceiver.attribute(event.getAttributesList(), "exception.type"))
				.isEqualTo(IllegalArgumentException.class.getName());
			assertThat(OtlpReceiver.attribute(event.getAttributesList(), "exception.message"))
				.contains("bob.example.com");
		});
	}

	@Test
	void supplierFuturesAreChildrenOfTheRequestAndEndInTheirStates() throws Exception {
		String body = get("/prices/espresso");
		assertThat(body).contains("\"ACME\":\"finished\"", "\"GLOBEX\":\"timeout\"", "\"INITECH\":\"exception\"",
				"\"UMBRELLA\":\"cancelled\"");
		Span request = awaitRequestSpan();
		assertThat(request.getName()).isEqualTo("http get /prices/{item}");
		List<Span> futures = awaitSpans("future SupplierGateway.quote", Supplier.values().length);
		assertThat(futures).allSatisfy((future) -> assertThat(future.getParentSpanId()).isEqualTo(request.getSpanId()));
		Map<String, StatusCode> statusByState = futures.stream()
			.collect(Collectors.toMap((span) -> OtlpReceiver.attribute(span.getAttributesList(), "asyncio.state"),
					(span) -> span.getStatus().getCode()));
		assertThat(statusByState).containsOnlyKeys("finished", "timeout", "exception", "cancelled");
		assertThat(statusByState.get("finished")).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(statusByState.get("exception")).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(statusByState.get("timeout")).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(statusByState.get("cancelled")).isEqualTo(StatusCode.STATUS_CODE_ERROR);
	}

	@Test
	void reportTaskSpanIsAChildOfTheRequestThatSubmittedIt() throws Exception {
		post("/reports?month=" + YearMonth.now().minusMonths(2) + "&copies=1", "");
		Span request = awaitRequestSpan();
		assertThat(request.getName()).isEqualTo("http post /reports");
		Span task = awaitSpan("task report-render");
		assertThat(task.getParentSpanId()).isEqualTo(request.getSpanId());
		assertThat(OtlpReceiver.attribute(task.getAttributesList(), "asyncio.type")).isEqualTo("task");
		assertThat(OtlpReceiver.attribute(task.getAttributesList(), "asyncio.state")).isEqualTo("finished");
	}

	@Test
	void asyncioMetersAreExportedWithTheirTags() throws Exception {
		post("/orders", "{\"customer\":\"ada@example.com\",\"item\":\"coffee\",\"quantity\":1}");
		await().atMost(TIMEOUT).until(() -> dataPoints("asyncio.process.count").stream()
			.anyMatch((point) -> "OrderService.sendConfirmation"
				.equals(OtlpReceiver.attribute(point.getAttributesList(), "name"))
					&& "async_method".equals(OtlpReceiver.attribute(point.getAttributesList(), "type"))
					&& "finished".equals(OtlpReceiver.attribute(point.getAttributesList(), "state"))
					&& point.getAsDouble() >= 1));
		assertThat(receiver.metrics()).extracting(Metric::getName).contains("asyncio.process.duration");
	}

	private List<NumberDataPoint> dataPoints(String metricName) {
		return receiver.metrics()
			.stream()
			.filter((metric) -> metric.getName().equals(metricName))
			.flatMap((metric) -> metric.getSum().getDataPointsList().stream())
			.toList();
	}

	/**
	 * Await the server span of the test's request: the span of its trace whose parent is
	 * the caller span named in the {@code traceparent} header.
	 */
	private Span awaitRequestSpan() {
		Span request = awaitSpans((span) -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER, 1).get(0);
		assertThat(OtlpReceiver.hex(request.getParentSpanId())).isEqualTo(this.callerSpanId);
		return request;
	}

	private Span awaitSpan(String name) {
		return awaitSpans(name, 1).get(0);
	}

	private List<Span> awaitSpans(String name, int count) {
		return awaitSpans((span) -> span.getName().equals(name), count);
	}

	/**
	 * Await exactly {@code count} spans of the test's trace that match, and return them.
	 */
	private List<Span> awaitSpans(Predicate<Span> match, int count) {
		try {
			await().atMost(TIMEOUT).until(() -> spansOfTheTrace(match).size() >= count);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Too few matching spans in trace " + this.traceId + ", which has "
					+ spansOfTheTrace((span) -> true).stream().map(Span::getName).toList(), ex);
		}
		List<Span> spans = spansOfTheTrace(match);
		assertThat(spans).hasSize(count);
		return spans;
	}

	private List<Span> spansOfTheTrace(Predicate<Span> match) {
		return receiver.spans()
			.stream()
			.filter((span) -> OtlpReceiver.hex(span.getTraceId()).equals(this.traceId) && match.test(span))
			.toList();
	}

	private String get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request(path).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private void post(String path, String json) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(202);
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("traceparent", "00-" + this.traceId + "-" + this.callerSpanId + "-01");
	}

	private static String randomHex(int bytes) {
		byte[] id = new byte[bytes];
		random.nextBytes(id);
		return HexFormat.of().formatHex(id);
	}

}
