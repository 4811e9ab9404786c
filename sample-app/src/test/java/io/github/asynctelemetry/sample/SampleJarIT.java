package io.github.asynctelemetry.sample;

import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

	@Test
	void jarServesTheAsyncioMetersOfItsOwnWorkAndLogsNoErrorOrWarning() throws Exception {
		try (SampleJar jar = SampleJar.start(List.of())) {
			jar.await().until(() -> jar.typeTagValues().containsAll(List.of("async_method", "task", "future")));
			assertThat(jar.get("/actuator/prometheus")).satisfies((prometheus) -> {
				assertThat(prometheus.statusCode()).isEqualTo(200);
				assertThat(prometheus.body()).contains("asyncio_process_count_total{")
					.contains("asyncio_process_duration_seconds_count{");
			});
			assertThat(jar.get("/actuator/asyncio")).satisfies((asyncio) -> {
				assertThat(asyncio.statusCode()).isEqualTo(200);
				assertThat(JsonPath.parse(asyncio.body()).<List<Boolean>>read("$.units.async_method[*].traced"))
					.contains(true);
			});
			assertThat(jar.output()).contains("Started SampleApplication")
				.doesNotContainPattern("(?m)^\\S+\\s+(ERROR|WARN)\\s");
		}
	}

	@Test
	void jarExportsSpansAndMetersOverOtlpWhenGivenAnEndpoint() throws Exception {
		OtlpReceiver receiver = OtlpReceiver.get();
		try (SampleJar jar = SampleJar.start(List.of(),
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.tracesUrl(),
				"--management.opentelemetry.tracing.export.schedule-delay=100ms",
				"--management.otlp.metrics.export.enabled=true",
				"--management.otlp.metrics.export.url=" + receiver.metricsUrl(),
				"--management.otlp.metrics.export.step=1s")) {
			jar.await().untilAsserted(() -> {
				assertThat(receiver.spans()).extracting(Span::getName)
					.contains("async OrderService.sendConfirmation", "task report-render", "future SupplierGateway.quote");
				assertThat(receiver.metrics()).extracting(Metric::getName).contains("asyncio.process.count");
			});
		}
	}

}
