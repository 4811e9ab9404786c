package io.github.asynctelemetry.sample;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The repackaged sample jar, started with {@code java -jar} as the README says: with
 * nothing but its own configuration it serves the asyncio meters that its simulator
 * produces and logs neither an error nor a warning; given OTLP endpoints it exports spans
 * and meters to them. A runtime dependency missing from the jar (one that only the test
 * class path had, such as {@code opentelemetry-proto} declared with {@code test} scope)
 * fails here, not in the {@code @SpringBootTest}s. Runs in the {@code integration-test}
 * phase, after {@code package}.
 *
 * @author Async Telemetry team
 */
class SampleJarIT {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private Process process;

	private Path log;

	private int port;

	private void startJar(String... arguments) throws IOException {
		Path jar = Paths.get(System.getProperty("sample.jar", "target/async-telemetry-sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the repackaged jar (run 'package' first)").isRegularFile();
		this.port = freePort();
		this.log = Files.createTempFile("sample-jar", ".log");
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString(), "--server.port=" + this.port));
		command.addAll(List.of(arguments));
		this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(this.log.toFile()).start();
	}

	@AfterEach
	void stopJar() throws Exception {
		if (this.process != null) {
			if (!this.process.isAlive()) {
				System.out.println("The sample jar exited with " + this.process.exitValue() + ":\n" + output());
			}
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		if (this.log != null) {
			Files.deleteIfExists(this.log);
		}
	}

	@Test
	void jarServesTheAsyncioMetersOfItsOwnWorkAndLogsNoErrorOrWarning() throws Exception {
		startJar();
		awaitJar().until(() -> typeTagValues().containsAll(List.of("async_method", "task", "future")));
		HttpResponse<String> prometheus = get("/actuator/prometheus");
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("asyncio_process_count_total{")
			.contains("asyncio_process_duration_seconds_count{");
		HttpResponse<String> asyncio = get("/actuator/asyncio");
		assertThat(asyncio.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(asyncio.body()).<List<Boolean>>read("$.units.async_method[*].traced"))
			.contains(true);
		assertThat(output()).contains("Started SampleApplication")
			.doesNotContainPattern("(?m)^\\S+\\s+(ERROR|WARN)\\s");
	}

	@Test
	void jarExportsSpansAndMetersOverOtlpWhenGivenAnEndpoint() throws Exception {
		OtlpReceiver receiver = OtlpReceiver.get();
		startJar("--management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.tracesUrl(),
				"--management.opentelemetry.tracing.export.schedule-delay=100ms",
				"--management.otlp.metrics.export.enabled=true",
				"--management.otlp.metrics.export.url=" + receiver.metricsUrl(),
				"--management.otlp.metrics.export.step=1s");
		awaitJar().untilAsserted(() -> {
			assertThat(receiver.spans()).extracting(Span::getName)
				.contains("async OrderService.sendConfirmation", "task report-render", "future SupplierGateway.quote");
			assertThat(receiver.metrics()).extracting(Metric::getName).contains("asyncio.process.count");
		});
	}

	private ConditionFactory awaitJar() {
		return await().atMost(STARTUP_TIMEOUT)
			.pollInterval(Duration.ofMillis(500))
			.failFast("the sample jar exited; its log is in the test output", () -> !this.process.isAlive());
	}

	private List<String> typeTagValues() throws IOException, InterruptedException {
		HttpResponse<String> response;
		try {
			response = get("/actuator/metrics/asyncio.process.count");
		}
		catch (ConnectException ex) {
			return List.of();
		}
		if (response.statusCode() != 200) {
			return List.of();
		}
		DocumentContext count = JsonPath.parse(response.body());
		return count.read("$.availableTags[?(@.tag == 'type')].values[*]");
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String output() throws IOException {
		return Files.readString(this.log);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
