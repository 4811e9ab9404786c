package io.github.asynctelemetry.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the configuration metadata that the annotation processor generates from
 * {@link AsyncTelemetryProperties}, which IDEs use for completion and help.
 *
 * @author Async Telemetry team
 */
class AsyncTelemetryPropertiesMetadataTests {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final String PREFIX = AsyncTelemetryProperties.PREFIX + ".";

	@Test
	void everyPropertyHasADescription() throws IOException {
		DocumentContext metadata = ourMetadata();
		for (String property : List.of("enabled", "method-names-to-trace", "task-names-to-trace",
				"future-trace-enabled", "max-task-names")) {
			assertThat(property(metadata, PREFIX + property)).as(property)
				.extractingByKey("description")
				.asString()
				.isNotBlank();
		}
	}

	@Test
	void everyDescribedPropertyIsAnAsyncTelemetryPropertyOrOneOfTheAsyncioEndpoint() throws IOException {
		List<String> names = ourMetadata().read("$.properties[*].name");
		assertThat(names).containsExactlyInAnyOrder(PREFIX + "enabled", PREFIX + "method-names-to-trace",
				PREFIX + "task-names-to-trace", PREFIX + "future-trace-enabled", PREFIX + "max-task-names",
				"management.endpoint.asyncio.access", "management.endpoint.asyncio.cache.time-to-live");
	}

	@Test
	void scalarPropertiesShowTheirDefaults() throws IOException {
		DocumentContext metadata = ourMetadata();
		assertThat(property(metadata, PREFIX + "enabled")).containsEntry("defaultValue", true);
		assertThat(property(metadata, PREFIX + "future-trace-enabled")).containsEntry("defaultValue", false);
		assertThat(property(metadata, PREFIX + "max-task-names")).containsEntry("defaultValue", 200);
	}

	@Test
	void namesPropertiesAreListsOfStrings() throws IOException {
		DocumentContext metadata = ourMetadata();
		assertThat(property(metadata, PREFIX + "method-names-to-trace")).containsEntry("type",
				"java.util.List<java.lang.String>");
		assertThat(property(metadata, PREFIX + "task-names-to-trace")).containsEntry("type",
				"java.util.List<java.lang.String>");
	}

	private static DocumentContext ourMetadata() throws IOException {
		List<DocumentContext> found = new ArrayList<>();
		for (URL url : Collections.list(AsyncTelemetryPropertiesMetadataTests.class.getClassLoader()
			.getResources(METADATA))) {
			try (InputStream input = url.openStream()) {
				DocumentContext document = JsonPath.parse(input);
				Map<String, Object> root = document.read("$");
				if (root.containsKey("groups")
						&& document.<List<String>>read("$.groups[*].name").contains(AsyncTelemetryProperties.PREFIX)) {
					found.add(document);
				}
			}
		}
		assertThat(found).as("generated %s describing %s", METADATA, AsyncTelemetryProperties.PREFIX).hasSize(1);
		return found.get(0);
	}

	private static Map<String, Object> property(DocumentContext metadata, String name) {
		List<Map<String, Object>> matches = metadata.read("$.properties[?(@.name == '" + name + "')]");
		assertThat(matches).as(name).hasSize(1);
		return matches.get(0);
	}

}
