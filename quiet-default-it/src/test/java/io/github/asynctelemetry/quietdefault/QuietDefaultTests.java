package io.github.asynctelemetry.quietdefault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The quiet default: a new web application that adds the starter (and Prometheus, as
 * most do) and configures nothing starts and stops without a warning or an error in its
 * log although no OpenTelemetry Collector runs, has an OpenTelemetry tracer but no span
 * exporter, and shows the durations of its {@code @Async} calls in seconds. Only the
 * metrics endpoint is exposed and a random port chosen, for the test to read it.
 * <p>
 * The class path of this module is exactly the starter, Spring MVC and Prometheus (and
 * the test libraries): an
 * OTLP meter registry that the starter brought would be on by default, would publish to
 * {@code localhost:4318} when the context closes (and every minute) and log a warning
 * when nothing listens, and would report durations in milliseconds.
 *
 * @author Async Telemetry team
 */
@ExtendWith(OutputCaptureExtension.class)
class QuietDefaultTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String WARNING_OR_ERROR_LINE = "(?m)^\\S+\\s+(WARN|ERROR)\\s";

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void applicationWithPrometheusIsQuietAndMeasuresInSeconds(CapturedOutput output) throws Exception {
		runQuietly(output);
	}

	/**
	 * Prometheus switched off, so that Spring Boot falls back to its in-memory registry as
	 * it does for an application that adds the starter and no registry at all.
	 */
	@Test
	void applicationWithoutARegistryOfItsOwnIsQuietAndMeasuresInSeconds(CapturedOutput output) throws Exception {
		runQuietly(output, "management.prometheus.metrics.export.enabled=false");
	}

	/**
	 * Spring Boot's virtual-thread executor and scheduler, which the starter proxies: no
	 * warning about their final methods either.
	 */
	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void applicationOnVirtualThreadsIsQuietAndMeasuresInSeconds(CapturedOutput output) throws Exception {
		runQuietly(output, "spring.threads.virtual.enabled=true");
	}

	private void runQuietly(CapturedOutput output, String... properties) throws Exception {
		assertThat(ClassUtils.isPresent("io.micrometer.registry.otlp.OtlpMeterRegistry", null))
			.as("an OTLP meter registry on the class path")
			.isFalse();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(QuietApplication.class)
			.main(QuietApplication.class)
			.properties("server.port=0", "management.endpoints.web.exposure.include=metrics")
			.properties(properties)
			.run()) {
			assertThat(context.getBeansOfType(MeterRegistry.class).values())
				.noneMatch((registry) -> registry.getClass().getName().contains("Otlp"));
			assertThat(context.getBean(Tracer.class)).isInstanceOf(OtelTracer.class);
			assertThat(context.getBeansOfType(SpanExporter.class)).isEmpty();
			assertThat(context.getBean(Greeter.class).greet("Ada").join()).isEqualTo("Hello, Ada");
			String port = context.getEnvironment().getRequiredProperty("local.server.port");
			String metric = "http://localhost:" + port
					+ "/actuator/metrics/asyncio.process.duration?tag=type:async_method&tag=name:Greeter.greet";
			await().atMost(TIMEOUT).until(() -> count(get(metric)) == 1);
			DocumentContext duration = JsonPath.parse(get(metric).body());
			assertThat(duration.<String>read("$.baseUnit")).isEqualTo("seconds");
		}
		assertThat(output).contains("Started QuietApplication").doesNotContainPattern(WARNING_OR_ERROR_LINE);
	}

	private static double count(HttpResponse<String> response) {
		if (response.statusCode() != 200) {
			return 0;
		}
		List<Double> counts = JsonPath.parse(response.body()).read("$.measurements[?(@.statistic == 'COUNT')].value");
		return counts.get(0);
	}

	private HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
