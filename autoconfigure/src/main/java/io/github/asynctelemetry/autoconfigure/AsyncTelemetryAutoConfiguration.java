package io.github.asynctelemetry.autoconfigure;

import java.util.List;

import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.names.InvalidNamePatternException;
import io.github.asynctelemetry.names.NameSelector;
import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.tracing.MicrometerUnitTracer;
import io.github.asynctelemetry.tracing.ObservationAwareSpanAccessor;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the async telemetry instrumentation: meters for every
 * {@code @Async} call, executor task and returned future, spans for the selected ones.
 * Backs off entirely when {@code otel.instrumentation.async.enabled} is {@code false} or
 * when the application has no {@link MeterRegistry} bean (ordered after Spring Boot's
 * metrics auto-configurations, so that the condition sees the registries they define,
 * the no-op one Spring Boot defines when every export is disabled included); the other
 * auto-configurations of the starter back off with it. Without Micrometer Tracing it
 * records meters without spans.
 *
 * @author Async Telemetry team
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
		"org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration" })
@ConditionalOnBooleanProperty(name = AsyncTelemetryProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnBean(MeterRegistry.class)
@EnableConfigurationProperties(AsyncTelemetryProperties.class)
public final class AsyncTelemetryAutoConfiguration {

	static final String METHOD_NAMES_PROPERTY = AsyncTelemetryProperties.PREFIX + ".method-names-to-trace";

	static final String TASK_NAMES_PROPERTY = AsyncTelemetryProperties.PREFIX + ".task-names-to-trace";

	@Bean
	@ConditionalOnMissingBean
	AsyncUnitRecorder asyncUnitRecorder(MeterRegistry meterRegistry) {
		return new AsyncUnitRecorder(meterRegistry, new FailureLog());
	}

	@Bean
	@ConditionalOnMissingBean
	TraceSelection asyncTraceSelection(AsyncTelemetryProperties properties, Environment environment) {
		return new TraceSelection(selector(METHOD_NAMES_PROPERTY, properties.getMethodNamesToTrace(), environment),
				selector(TASK_NAMES_PROPERTY, properties.getTaskNamesToTrace(), environment),
				properties.isFutureTraceEnabled());
	}

	/**
	 * Build the selector of a names-to-trace property; an invalid entry fails with the
	 * origin of its value: the entry's own (a YAML list item) or, for a comma-separated
	 * value, the property's, from the property source the binder took it from.
	 */
	private static NameSelector selector(String property, List<String> entries, Environment environment) {
		try {
			return NameSelector.of(property, entries);
		}
		catch (InvalidNamePatternException ex) {
			throw ex.withOrigin(originOf(environment, ex.getProperty(), property));
		}
	}

	private static @Nullable Origin originOf(Environment environment, String... names) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			for (String name : names) {
				ConfigurationProperty property = source.getConfigurationProperty(ConfigurationPropertyName.of(name));
				if (property != null) {
					return property.getOrigin();
				}
			}
		}
		return null;
	}

	/**
	 * The capture of the caller's context without Micrometer Tracing's span accessor:
	 * registered only when {@link TracingConfiguration}, whose bean definitions are
	 * loaded before the ones of this class, has not registered its own.
	 * @param recorder the recorder, whose failure log the capture reports to
	 * @return the capture
	 */
	@Bean
	@ConditionalOnMissingBean
	ContextCapture asyncContextCapture(AsyncUnitRecorder recorder) {
		return ContextCapture.of(recorder.getFailureLog());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	static class TracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(Tracer.class)
		ContextCapture asyncTracingContextCapture(Tracer tracer, ObjectProvider<ObservationRegistry> observationRegistry,
				AsyncUnitRecorder recorder) {
			ObservationRegistry observations = observationRegistry.getIfAvailable(ObservationRegistry::create);
			return ContextCapture.of(recorder.getFailureLog(), new ObservationAwareSpanAccessor(observations, tracer));
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(Tracer.class)
		UnitTracer asyncUnitTracer(Tracer tracer, AsyncUnitRecorder recorder) {
			return new MicrometerUnitTracer(tracer, recorder.getFailureLog());
		}

	}

}
