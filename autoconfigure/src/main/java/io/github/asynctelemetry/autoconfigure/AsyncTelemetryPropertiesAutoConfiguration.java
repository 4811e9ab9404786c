package io.github.asynctelemetry.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Binds {@link AsyncTelemetryProperties} whether or not the instrumentation is enabled,
 * so that an invalid value of any of its properties, {@code enabled} included, stops
 * start-up with Spring Boot's binding report. Without it, the
 * {@code otel.instrumentation.async.enabled} condition of the other auto-configurations
 * would read a value such as {@code maybe} as "not true" and silently switch the
 * instrumentation off. Costs one small bean.
 *
 * @author Async Telemetry team
 */
@AutoConfiguration
@EnableConfigurationProperties(AsyncTelemetryProperties.class)
public final class AsyncTelemetryPropertiesAutoConfiguration {

}
