package io.github.asynctelemetry.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.github.asynctelemetry.sample.price.Supplier;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
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
 * Scenarios are triggered over real HTTP; the simulator is off so that every span comes
 * from a request of the test.
 *
 * @author Async Telemetry team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.simulator.enabled=false", "management.opentelemetry.tracing.export.schedule-delay=100ms",
				"management.otlp.metrics.export.enabled=true", "management.otlp.metrics.export.step=1s" })
class SampleApplicationOtlpExportTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final OtlpReceiver receiver = OtlpReceiver.get();

	private final HttpClient http = HttpClient.newHttpClient();

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
		Span async = awaitSpan("async OrderService.sendConfirmation",
				(span) -> "finished".equals(OtlpReceiver.attribute(span.getAttributesList(), "asyncio.state")));
		Span request = requestSpanOf(async);
		assertThat(request.getName()).isEqualTo("http post /orders");
		assertThat(async.getParentSpanId()).isEqualTo(request.getSpanId());
		assertThat(async.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
		assertThat(async.getStatus().getCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(OtlpReceiver.attribute(async.getAttributesList(), "asyncio.type")).isEqualTo("async_method");
		assertThat(OtlpReceiver.attribute(async.getAttributesList(), "asyncio.name"))
			.isEqualTo("OrderService.sendConfirmation");
		assertThat(async.getAttributesList()).anySatisfy((attribute) -> {
			assertThat(attribute.getKey()).isEqualTo("asyncio.queue_wait");
			assertThat(attribute.getValue().getDoubleValue()).isNotNegative();
		});
		Span future = awaitSpan("future OrderService.sendConfirmation",
				(span) -> span.getTraceId().equals(async.getTraceId()));
		assertThat(future.getParentSpanId()).isEqualTo(request.getSpanId());
		assertThat(async.getEndTimeUnixNano()).isGreaterThan(request.getStartTimeUnixNano());
	}

	@Test
	void failedConfirmationSpanHasTheErrorStatusAndTheException() throws Exception {
		post("/orders", "{\"customer\":\"bob.example.com\",\"item\":\"tea\",\"quantity\":1}");
		Span async = awaitSpan("async OrderService.sendConfirmation",
				(span) -> "exception".equals(OtlpReceiver.attribute(span.getAttributesList(), "asyncio.state")));
		assertThat(async.getParentSpanId()).isEqualTo(requestSpanOf(async).getSpanId());
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
		Span request = requestSpanOf(awaitSpan("future SupplierGateway.quote", (span) -> true));
		assertThat(request.getName()).isEqualTo("http get /prices/{item}");
		await().atMost(TIMEOUT)
			.until(() -> spansOfTrace(request, "future SupplierGateway.quote").size() == Supplier.values().length);
		List<Span> futures = spansOfTrace(request, "future SupplierGateway.quote");
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
		Span task = awaitSpan("task report-render", (span) -> true);
		Span request = requestSpanOf(task);
		assertThat(request.getName()).isEqualTo("http post /reports");
		assertThat(task.getParentSpanId()).isEqualTo(request.getSpanId());
		assertThat(OtlpReceiver.attribute(task.getAttributesList(), "asyncio.type")).isEqualTo("task");
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

	private Span awaitSpan(String name, Predicate<Span> condition) {
		return awaitSpan((span) -> span.getName().equals(name) && condition.test(span));
	}

	private Span awaitSpan(Predicate<Span> match) {
		await().atMost(TIMEOUT).until(() -> receiver.spans().stream().anyMatch(match));
		return receiver.spans().stream().filter(match).findFirst().orElseThrow();
	}

	private Span requestSpanOf(Span child) {
		return awaitSpan((span) -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER
				&& span.getTraceId().equals(child.getTraceId()));
	}

	private List<Span> spansOfTrace(Span member, String name) {
		return receiver.spans()
			.stream()
			.filter((span) -> span.getName().equals(name) && span.getTraceId().equals(member.getTraceId()))
			.toList();
	}

	private String get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private void post(String path, String json) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(202);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
