package io.github.asynctelemetry.sample;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample jar with the OpenTelemetry Java agent attached, its own exporters off, as a
 * team that already runs the agent would add the starter: the application works, every
 * unit is counted once (the agent's executor instrumentation wraps the same tasks), and
 * the spans that reach Spring Boot's OTLP exporter are the starter's.
 *
 * @author Async Telemetry team
 */
class SampleAgentJarIT {

	private static final int ORDERS = 5;

	private static final String CONFIRMATION_SPAN = "async OrderService.sendConfirmation";

	@Test
	void withTheJavaAgentAttachedEveryUnitIsCountedOnceAndTheSpansStayTheStarters() throws Exception {
		Path agent = Paths.get(System.getProperty("opentelemetry.javaagent", "target/agent/opentelemetry-javaagent.jar"));
		assertThat(agent).as("the OpenTelemetry Java agent (copied in pre-integration-test)").isRegularFile();
		OtlpReceiver receiver = OtlpReceiver.get();
		long confirmationSpansBefore = confirmationSpans(receiver);
		try (SampleJar jar = SampleJar.start(
				List.of("-javaagent:" + agent, "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none",
						"-Dotel.logs.exporter=none"),
				"--sample.simulator.enabled=false",
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.tracesUrl(),
				"--management.opentelemetry.tracing.export.schedule-delay=100ms")) {
			jar.await().ignoreExceptions().until(() -> jar.get("/actuator/health").statusCode() == 200);
			for (int i = 0; i < ORDERS; i++) {
				assertThat(jar.postJson("/orders", "{\"customer\":\"ada@example.com\",\"item\":\"tea\",\"quantity\":1}")
					.statusCode()).isEqualTo(202);
			}
			jar.await().until(() -> confirmations(jar) == ORDERS);
			jar.await().until(() -> confirmationSpans(receiver) - confirmationSpansBefore == ORDERS);
			assertThat(confirmations(jar)).isEqualTo(ORDERS);
			assertThat(jar.output()).contains("opentelemetry-javaagent").contains("Started SampleApplication");
		}
		assertThat(confirmationSpans(receiver) - confirmationSpansBefore).isEqualTo(ORDERS);
	}

	private static double confirmations(SampleJar jar) throws Exception {
		String body = jar.get("/actuator/metrics/asyncio.process.count?tag=type:async_method"
				+ "&tag=name:OrderService.sendConfirmation").body();
		List<Double> values = JsonPath.parse(body).read("$.measurements[?(@.statistic == 'COUNT')].value");
		return values.isEmpty() ? 0 : values.get(0);
	}

	private static long confirmationSpans(OtlpReceiver receiver) {
		return receiver.spans().stream().map(Span::getName).filter(CONFIRMATION_SPAN::equals).count();
	}

}
