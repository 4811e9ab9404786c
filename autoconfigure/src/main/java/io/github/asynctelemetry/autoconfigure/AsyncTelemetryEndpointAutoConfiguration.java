package io.github.asynctelemetry.autoconfigure;

import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint;
import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint.ConfigurationDescriptor;
import io.github.asynctelemetry.task.ExecutorCoverage;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link AsyncTelemetryEndpoint asyncio} actuator endpoint.
 * Like every endpoint it has to be exposed, for example with
 * {@code management.endpoints.web.exposure.include=health,metrics,asyncio}. Backs off
 * without the {@link AsyncUnitRecorder} whose units it reports.
 *
 * @author Async Telemetry team
 */
@AutoConfiguration(after = { AsyncTelemetryPropertiesAutoConfiguration.class, AsyncTelemetryAutoConfiguration.class,
		TaskTelemetryAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBooleanProperty(name = AsyncTelemetryProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnAvailableEndpoint(AsyncTelemetryEndpoint.class)
@ConditionalOnBean({ AsyncUnitRecorder.class, AsyncTelemetryProperties.class })
public final class AsyncTelemetryEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AsyncTelemetryEndpoint asyncTelemetryEndpoint(AsyncUnitRecorder recorder, AsyncTelemetryProperties properties,
			ObjectProvider<ExecutorCoverage> executors) {
		return new AsyncTelemetryEndpoint(recorder,
				new ConfigurationDescriptor(properties.isEnabled(), properties.getMethodNamesToTrace(),
						properties.getTaskNamesToTrace(), properties.isFutureTraceEnabled(),
						properties.getMaxTaskNames()),
				executors.getIfAvailable());
	}

}
