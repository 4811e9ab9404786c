package io.github.asynctelemetry.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code agentPool} as a user does, from the repository root through the shaded jar,
 * with the OpenTelemetry Java agent that the build copied: one fork, one short iteration,
 * failing on error. The variant's own checks fail its fork when it is mis-wired: no agent
 * attached, or the caller's span not current in the task on the worker thread. Nothing is
 * timed. JMH's lock against concurrent runs is ignored: a build perturbs another
 * benchmark on the same machine anyway, and a wiring test must not fail because one runs.
 *
 * @author Async Telemetry team
 */
class AgentPoolBenchmarkIT {

	private static final long TIMEOUT_MINUTES = 5;

	@Test
	void agentPoolRunsWithTheAgentWrappingItsTask(@TempDir Path work) throws Exception {
		Path root = Path.of(System.getProperty("repository.root", "..")).toRealPath();
		Path jar = Path.of(System.getProperty("benchmarks.jar", "target/benchmarks.jar"));
		assertThat(jar).as("the shaded benchmarks jar (built at package)").isRegularFile();
		assertThat(root.resolve(AsyncMethodBenchmark.AGENT_JAR))
			.as("the OpenTelemetry Java agent where agentPool's fork takes it (copied at package)")
			.isRegularFile();
		Path result = work.resolve("result.json");
		Path output = work.resolve("output.txt");
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Djmh.ignoreLock=true", "-jar", jar.toAbsolutePath().toString(), "AsyncMethodBenchmark\\.agentPool$",
				"-f", "1", "-wi", "0", "-i", "1", "-r", "100ms", "-foe", "true", "-rf", "json", "-rff",
				result.toString())
			.directory(root.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		boolean exited = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
		if (!exited) {
			process.destroyForcibly().waitFor();
		}
		String log = Files.readString(output);
		assertThat(exited).as("agentPool's run ended within %d minutes:%n%s", TIMEOUT_MINUTES, log).isTrue();
		assertThat(process.exitValue()).as("agentPool's run passed:%n%s", log).isZero();
		assertThat(log).contains("-javaagent:" + AsyncMethodBenchmark.AGENT_JAR)
			.contains("-Dotel.traces.exporter=none")
			.contains("-Dotel.metrics.exporter=none")
			.contains("-Dotel.logs.exporter=none")
			.contains("opentelemetry-javaagent - version: ");
		List<String> benchmarks = JsonPath.read(result.toFile(), "$[*].benchmark");
		assertThat(benchmarks).containsExactly(AsyncMethodBenchmark.class.getName() + ".agentPool");
	}

}
