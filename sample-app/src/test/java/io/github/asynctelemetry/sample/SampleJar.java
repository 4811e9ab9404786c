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

import com.jayway.jsonpath.JsonPath;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repackaged sample jar, started with {@code java [JVM arguments] -jar} on a free
 * port as a separate process, for the integration tests that run after {@code package}.
 *
 * @author Async Telemetry team
 */
final class SampleJar implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final Path log;

	private final int port;

	private SampleJar(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Start the jar.
	 * @param jvmArguments the arguments of the {@code java} command before {@code -jar}
	 * @param arguments the application's arguments
	 * @return the running jar
	 * @throws IOException if it cannot be started
	 */
	static SampleJar start(List<String> jvmArguments, String... arguments) throws IOException {
		Path jar = Paths.get(System.getProperty("sample.jar", "target/async-telemetry-sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the repackaged jar (run 'package' first)").isRegularFile();
		int port = freePort();
		Path log = Files.createTempFile("sample-jar", ".log");
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArguments);
		command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new SampleJar(process, log, port);
	}

	/**
	 * Return an await of at most the start-up timeout that fails fast when the jar exits.
	 * @return the condition factory
	 */
	ConditionFactory await() {
		return Awaitility.await()
			.atMost(STARTUP_TIMEOUT)
			.pollInterval(Duration.ofMillis(500))
			.failFast("the sample jar exited; its log is in the test output", () -> !this.process.isAlive());
	}

	/**
	 * Return the values of the {@code type} tag of {@code asyncio.process.count}, none
	 * while the application is not up.
	 * @return the unit types seen
	 */
	List<String> typeTagValues() throws IOException, InterruptedException {
		HttpResponse<String> response;
		try {
			response = get("/actuator/metrics/asyncio.process.count");
		}
		catch (ConnectException ex) {
			return List.of();
		}
		return (response.statusCode() != 200) ? List.of()
				: JsonPath.parse(response.body()).read("$.availableTags[?(@.tag == 'type')].values[*]");
	}

	/**
	 * Return the port the jar listens on.
	 * @return the port
	 */
	int port() {
		return this.port;
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	String output() throws IOException {
		return Files.readString(this.log);
	}

	/**
	 * Stop the jar (gracefully first, so that it flushes what it exports) and delete its
	 * log, printing the log first when the jar had exited by itself.
	 */
	@Override
	public void close() throws Exception {
		if (!this.process.isAlive()) {
			System.out.println("The sample jar exited with " + this.process.exitValue() + ":\n" + output());
		}
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		Files.deleteIfExists(this.log);
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
