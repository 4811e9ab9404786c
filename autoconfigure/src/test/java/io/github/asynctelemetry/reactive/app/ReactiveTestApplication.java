package io.github.asynctelemetry.reactive.app;

import io.github.asynctelemetry.testsupport.InMemoryTelemetry;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * An application whose own package holds a bean returning {@code Mono} and {@code Flux}.
 *
 * @author Async Telemetry team
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ InMemoryTelemetry.class, CatalogService.class })
public class ReactiveTestApplication {

}
