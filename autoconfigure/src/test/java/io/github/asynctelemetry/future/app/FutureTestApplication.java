package io.github.asynctelemetry.future.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * An application whose own package holds future-returning beans.
 *
 * @author Async Telemetry team
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
@Import({ PriceService.class, FinalQuoteService.class })
public class FutureTestApplication {

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
