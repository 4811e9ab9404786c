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

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The actuator of the sample application over real HTTP, after one request of every
 * scenario: the {@code metrics}, {@code prometheus} and {@code asyncio} endpoints.
 *
 * @author Async Telemetry team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.simulator.enabled=false")
class SampleApplicationActuatorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@BeforeAll
	static void runEveryScenario(@LocalServerPort int port) throws Exception {
		String base = "http://localhost:" + port;
		YearMonth lastMonth = YearMonth.now().minusMonths(1);
		send(base, "POST", "/orders", "{\"customer\":\"ada@example.com\",\"item\":\"coffee\",\"quantity\":2}", 202);
		send(base, "POST", "/orders", "{\"customer\":\"bob.example.com\",\"item\":\"tea\",\"quantity\":1}", 202);
		send(base, "GET", "/prices/coffee", null, 200);
		send(base, "POST", "/reports?month=" + lastMonth, "", 202);
		send(base, "POST", "/reports?month=" + lastMonth.plusYears(1), "", 202);
		String burst = send(base, "POST", "/reports?month=" + lastMonth + "&copies=20", "", 202);
		assertThat(JsonPath.parse(burst).<Integer>read("$.rejected")).isPositive();
		await().atMost(TIMEOUT).until(() -> {
			DocumentContext asyncio = JsonPath.parse(send(base, "GET", "/actuator/asyncio", null, 200));
			return asyncio.<List<Integer>>read("$.units.async_method[?(@.name == 'OrderService.sendConfirmation')]"
					+ ".recorded")
				.equals(List.of(2))
					&& asyncio.<List<Map<String, Integer>>>read("$.units.task[?(@.name == 'report-render')].states")
						.stream()
						.anyMatch((states) -> states.keySet().containsAll(List.of("finished", "exception")))
					&& asyncio.<List<Map<String, Integer>>>read("$.units.task[?(@.name == 'ReportService.request')].states")
						.stream()
						.anyMatch((states) -> states.containsKey("rejected"));
		});
	}

	@Test
	void metricsEndpointShowsTheCountWithEveryTypeNameAndState() throws Exception {
		DocumentContext count = JsonPath.parse(get("/actuator/metrics/asyncio.process.count"));
		assertThat(tagValues(count, "type")).containsExactlyInAnyOrder("async_method", "task", "future");
		assertThat(tagValues(count, "name")).contains("OrderService.sendConfirmation", "SupplierGateway.quote",
				"report-render");
		assertThat(tagValues(count, "state")).containsExactlyInAnyOrder("finished", "exception", "cancelled",
				"timeout", "rejected");
		assertThat(count.<Double>read("$.measurements[0].value")).isGreaterThanOrEqualTo(2 + 2 + 4 + 4 + 3);
	}

	@Test
	void metricsEndpointFiltersByTag() throws Exception {
		DocumentContext rejected = JsonPath.parse(get("/actuator/metrics/asyncio.process.count?tag=type:task"
				+ "&tag=name:ReportService.request&tag=state:rejected"));
		assertThat(rejected.<Double>read("$.measurements[0].value")).isPositive();
		DocumentContext timeouts = JsonPath
			.parse(get("/actuator/metrics/asyncio.process.duration?tag=type:future&tag=state:timeout"));
		assertThat(timeouts.<List<Double>>read("$.measurements[?(@.statistic == 'COUNT')].value"))
			.containsExactly(1.0);
		assertThat(timeouts.<String>read("$.baseUnit")).isEqualTo("seconds");
	}

	@Test
	void prometheusEndpointHasTheCountAndDurationSeries() throws Exception {
		String scrape = get("/actuator/prometheus");
		assertThat(scrape).contains("# TYPE asyncio_process_count_total counter")
			.contains("asyncio_process_count_total{name=\"OrderService.sendConfirmation\",state=\"finished\","
					+ "type=\"async_method\"} 1.0")
			.contains("asyncio_process_count_total{name=\"SupplierGateway.quote\",state=\"timeout\","
					+ "type=\"future\"} 1.0")
			.contains("asyncio_process_duration_seconds_count{name=\"report-render\",state=\"exception\","
					+ "type=\"task\"} 1")
			.contains("asyncio_process_duration_seconds_sum{name=\"OrderService.sendConfirmation\"");
	}

	@Test
	void asyncioEndpointListsTheExecutorsAndTheirCoverage() throws Exception {
		DocumentContext asyncio = JsonPath.parse(get("/actuator/asyncio"));
		assertThat(asyncio.<List<String>>read("$.executors[*].bean")).contains("applicationTaskExecutor",
				"reportExecutor", "taskScheduler");
		assertThat(asyncio.<List<Boolean>>read("$.executors[*].covered")).containsOnly(true);
		assertThat(asyncio.<List<String>>read("$.executors[?(@.bean == 'reportExecutor')].type"))
			.containsExactly("org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor");
		assertThat(asyncio.<List<Boolean>>read("$.executors[*].virtualThreads")).containsOnly(false);
		assertThat(asyncio.<List<Object>>read("$.executors[?(@.bean == 'applicationTaskExecutor')].usedFor"))
			.containsExactly(List.of("@Async default"));
		assertThat(asyncio.<List<Object>>read("$.executors[?(@.bean == 'taskScheduler')].usedFor"))
			.as("no @Scheduled task is scheduled with the simulator off")
			.containsExactly(List.of());
		assertThat(asyncio.<List<Object>>read("$.executors[?(@.bean == 'reportExecutor')].usedFor"))
			.containsExactly(List.of());
	}

	@Test
	void asyncioEndpointShowsTheConfigurationAndWhichUnitsAreTraced() throws Exception {
		DocumentContext asyncio = JsonPath.parse(get("/actuator/asyncio"));
		assertThat(asyncio.<Map<String, Object>>read("$.configuration")).containsEntry("enabled", true)
			.containsEntry("methodNamesToTrace", List.of("OrderService.sendConfirmation"))
			.containsEntry("taskNamesToTrace", List.of("report-render"))
			.containsEntry("futureTraceEnabled", true)
			.containsEntry("maxTaskNames", 200);
		assertThat(unit(asyncio, "async_method", "OrderService.sendConfirmation")).containsEntry("traced", true)
			.containsEntry("spanName", "async OrderService.sendConfirmation")
			.containsEntry("recorded", 2)
			.containsEntry("states", Map.of("finished", 1, "exception", 1));
		assertThat(unit(asyncio, "task", "report-render")).containsEntry("traced", true)
			.containsEntry("spanName", "task report-render");
		assertThat(unit(asyncio, "task", "SupplierGateway.quote")).containsEntry("traced", false);
		assertThat(unit(asyncio, "future", "SupplierGateway.quote")).containsEntry("traced", true)
			.containsEntry("recorded", 4)
			.containsEntry("states", Map.of("finished", 1, "exception", 1, "cancelled", 1, "timeout", 1));
		assertThat(asyncio.<Boolean>read("$.instrumentationFailed")).isFalse();
	}

	private static Map<String, Object> unit(DocumentContext asyncio, String type, String name) {
		List<Map<String, Object>> units = asyncio.read("$.units." + type + "[?(@.name == '" + name + "')]");
		assertThat(units).as("%s %s", type, name).hasSize(1);
		return units.get(0);
	}

	private static List<String> tagValues(DocumentContext metric, String tag) {
		return metric.read("$.availableTags[?(@.tag == '" + tag + "')].values[*]");
	}

	private String get(String path) throws IOException, InterruptedException {
		return send("http://localhost:" + this.port, "GET", path, null, 200);
	}

	private static String send(String base, String method, String path, String json, int expectedStatus)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
		if (json != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("%s %s", method, path).isEqualTo(expectedStatus);
		return response.body();
	}

}
