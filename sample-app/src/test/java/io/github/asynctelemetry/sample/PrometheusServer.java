package io.github.asynctelemetry.sample;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus server (the {@code prometheus} binary on the {@code PATH}; on Debian
 * {@code apt-get install prometheus}, which {@code .ci/run} does when it is missing),
 * started as a separate process on a free port of {@code 127.0.0.1} with a generated
 * configuration that scrapes one target's {@code /actuator/prometheus} every second and
 * a storage directory of its own, both deleted when it is closed.
 *
 * @author Async Telemetry team
 */
final class PrometheusServer implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final Path directory;

	private final int port;

	private PrometheusServer(Process process, Path directory, int port) {
		this.process = process;
		this.directory = directory;
		this.port = port;
	}

	/**
	 * Start a Prometheus server that scrapes the given port of {@code 127.0.0.1}.
	 * @param targetPort the port of the application to scrape
	 * @return the running server
	 * @throws IOException if it cannot be started
	 */
	static PrometheusServer start(int targetPort) throws IOException {
		Path binary = onPath("prometheus");
		assertThat(binary)
			.as("The 'prometheus' binary is not on the PATH (%s). Install it: 'apt-get install prometheus' on Debian "
					+ "(.ci/run does so when it is missing).", System.getenv("PATH"))
			.isNotNull();
		Path directory = Files.createTempDirectory("prometheus");
		Path configuration = directory.resolve("prometheus.yml");
		Files.writeString(configuration, """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				scrape_configs:
				  - job_name: async-telemetry-sample
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ['127.0.0.1:%d']
				""".formatted(targetPort));
		int port = SampleJar.freePort();
		Process process = new ProcessBuilder(binary.toString(), "--config.file=" + configuration,
				"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
				"--log.level=warn")
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("prometheus.log").toFile())
			.start();
		return new PrometheusServer(process, directory, port);
	}

	/**
	 * Return an await of at most 90 seconds that fails fast when Prometheus exits.
	 * @return the condition factory
	 */
	ConditionFactory await() {
		return Awaitility.await()
			.atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(500))
			.failFast("Prometheus exited; its log is in the test output", () -> !this.process.isAlive());
	}

	/**
	 * Run an instant query through the HTTP API ({@code /api/v1/query}).
	 * @param promql the query
	 * @return the series of the result, none while Prometheus is not up or when the
	 * query fails
	 */
	List<Object> query(String promql) throws IOException, InterruptedException {
		return data("/api/v1/query?query=" + encode(promql), "$.data.result[*]");
	}

	/**
	 * Return the values of a label among the series that match a selector
	 * ({@code /api/v1/label/<label>/values}), as Grafana's {@code label_values} does.
	 * @param label the label
	 * @param selector the series selector
	 * @return the values, none while Prometheus is not up
	 */
	List<Object> labelValues(String label, String selector) throws IOException, InterruptedException {
		return data("/api/v1/label/" + label + "/values?match[]=" + encode(selector), "$.data[*]");
	}

	private List<Object> data(String pathAndQuery, String path) throws IOException, InterruptedException {
		HttpResponse<String> response;
		try {
			response = this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + pathAndQuery))
				.timeout(Duration.ofSeconds(10))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (ConnectException ex) {
			return List.of();
		}
		return (response.statusCode() != 200) ? List.of() : JsonPath.parse(response.body()).read(path);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static @Nullable Path onPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		return Stream.of(path.split(File.pathSeparator))
			.map((directory) -> Paths.get(directory, name))
			.filter(Files::isExecutable)
			.findFirst()
			.orElse(null);
	}

	/**
	 * Stop Prometheus and delete its configuration and storage, printing its log first
	 * when it had exited by itself.
	 */
	@Override
	public void close() throws Exception {
		if (!this.process.isAlive()) {
			System.out.println("Prometheus exited with " + this.process.exitValue() + ":\n"
					+ Files.readString(this.directory.resolve("prometheus.log")));
		}
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

}
