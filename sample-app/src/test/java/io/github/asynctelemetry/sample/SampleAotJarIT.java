package io.github.asynctelemetry.sample;

import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample processed by Spring AOT ({@code spring-boot:process-aot} in the build) and
 * started from its repackaged jar with {@code -Dspring.aot.enabled=true}: the starter's
 * beans come from the ahead-of-time initialization, and it works as on the JVM, with
 * meters of all three unit types, spans at an OTLP receiver, and the diagnostics
 * endpoint. Under AOT the conditions are the ones the build saw: the sample's AOT build
 * is given an OTLP span endpoint, so that Spring Boot's exporter is part of it, and the
 * test gives the receiver's URL at run time.
 *
 * @author Async Telemetry team
 */
class SampleAotJarIT {

	@Test
	void aotProcessedJarRecordsEveryUnitTypeExportsSpansAndServesTheDiagnosticsEndpoint() throws Exception {
		OtlpReceiver receiver = OtlpReceiver.get();
		int spansBefore = receiver.spans().size();
		try (SampleJar jar = SampleJar.start(List.of("-Dspring.aot.enabled=true"),
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.tracesUrl(),
				"--management.opentelemetry.tracing.export.schedule-delay=100ms")) {
			jar.await().until(() -> jar.typeTagValues().containsAll(List.of("async_method", "task", "future")));
			jar.await().untilAsserted(() -> {
				List<Span> spans = receiver.spans();
				assertThat(spans.subList(spansBefore, spans.size())).extracting(Span::getName)
					.contains("async OrderService.sendConfirmation", "task report-render",
							"future SupplierGateway.quote");
			});
			jar.await().untilAsserted(() -> {
				DocumentContext asyncio = JsonPath.parse(jar.get("/actuator/asyncio").body());
				assertThat(asyncio.<List<String>>read("$.configuration.methodNamesToTrace"))
					.containsExactly("OrderService.sendConfirmation");
				assertThat(asyncio.<List<String>>read("$.units.task[*].name")).contains("report-render",
						"ShopperSimulator.visit");
			});
			assertThat(jar.output()).contains("Starting AOT-processed SampleApplication")
				.doesNotContainPattern("(?m)^\\S+\\s+(ERROR|WARN)\\s");
		}
	}

}
