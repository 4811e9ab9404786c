package io.github.asynctelemetry.testsupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Test beans that keep the telemetry of an application in memory: a
 * {@link SimpleMeterRegistry}, and an {@link InMemorySpanExporter} behind a simple span
 * processor that Spring Boot's OpenTelemetry SDK picks up.
 *
 * @author Async Telemetry team
 */
@TestConfiguration(proxyBeanMethods = false)
public class InMemoryTelemetry {

	@Bean
	SimpleMeterRegistry simpleMeterRegistry() {
		return new SimpleMeterRegistry();
	}

	@Bean
	InMemorySpanExporter inMemorySpanExporter() {
		return InMemorySpanExporter.create();
	}

	@Bean
	SpanProcessor inMemorySpanProcessor(InMemorySpanExporter exporter) {
		return SimpleSpanProcessor.create(exporter);
	}

}
