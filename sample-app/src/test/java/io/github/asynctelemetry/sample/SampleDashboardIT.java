package io.github.asynctelemetry.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard {@code dashboards/async-telemetry.json} against real data: the
 * repackaged sample jar (its simulator produces every unit type and state, and its
 * {@code application.yml} turns the duration histogram on), scraped every second by a
 * real Prometheus server ({@link PrometheusServer}). Every PromQL expression of every panel
 * (the executor saturation panel has two: active over limit, and queued),
 * with the template variables set to "All" ({@code .*}) and {@code $__rate_interval} to
 * one minute, returns at least one series from Prometheus's HTTP API, and so does every
 * template variable's {@code label_values} query. Runs in the {@code integration-test}
 * phase, after {@code package}.
 *
 * @author Async Telemetry team
 */
class SampleDashboardIT {

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");

	@Test
	void everyPanelAndVariableOfTheDashboardFindsSeriesInPrometheusScrapingTheSample() throws Exception {
		Path file = Paths.get(System.getProperty("dashboard.file", "../dashboards/async-telemetry.json"));
		assertThat(file).as("the dashboard").isRegularFile();
		DocumentContext dashboard = JsonPath.parse(Files.readString(file));
		List<Map<String, Object>> panels = dashboard.read("$.panels[*]");
		List<String> expressions = dashboard.read("$.panels[*].targets[*].expr");
		List<String> variables = dashboard.read("$.templating.list[*].query.query");
		assertThat(panels).hasSizeGreaterThanOrEqualTo(9)
			.allSatisfy((panel) -> assertThat(targets(panel)).as("targets of %s", panel.get("title")).isNotEmpty());
		assertThat(expressions).hasSizeGreaterThanOrEqualTo(10);
		assertThat(dashboard.<List<String>>read("$.templating.list[*].name")).containsExactly("type", "name");
		try (SampleJar jar = SampleJar.start(List.of());
				PrometheusServer prometheus = PrometheusServer.start(jar.port())) {
			jar.await().until(() -> jar.typeTagValues().containsAll(List.of("async_method", "task", "future")));
			prometheus.await().untilAsserted(() -> {
				for (Map<String, Object> panel : panels) {
					for (Map<String, Object> target : targets(panel)) {
						String query = substitute((String) target.get("expr"));
						assertThat(prometheus.query(query))
							.as("panel '%s', query %s: %s", panel.get("title"), target.get("refId"), query)
							.isNotEmpty();
					}
				}
			});
			for (String variable : variables) {
				Matcher labelValues = LABEL_VALUES.matcher(substitute(variable));
				assertThat(labelValues.matches()).as(variable).isTrue();
				assertThat(prometheus.labelValues(labelValues.group(2), labelValues.group(1))).as(variable)
					.isNotEmpty();
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> targets(Map<String, Object> panel) {
		return (List<Map<String, Object>>) panel.get("targets");
	}

	/**
	 * Set the dashboard's variables as Grafana does with "All" selected: the
	 * {@code allValue} {@code .*} for {@code $type} and {@code $name}, and one minute for
	 * {@code $__rate_interval} (four scrape intervals and more).
	 */
	private static String substitute(String expression) {
		return expression.replace("$__rate_interval", "1m").replace("$type", ".*").replace("$name", ".*");
	}

}
