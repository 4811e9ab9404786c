package io.github.asynctelemetry.autoconfigure;

import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.task.ScheduledTaskNameHandler;
import io.github.asynctelemetry.task.ScheduledTaskObservationConfigurer;
import io.github.asynctelemetry.task.TaskExecutorTelemetryPostProcessor;
import io.github.asynctelemetry.task.TelemetryTaskDecorator;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of executor tasks as asynchronous units: the
 * {@link TelemetryTaskDecorator} that Spring Boot composes into its
 * {@code applicationTaskExecutor} and {@code taskScheduler}, its addition to the
 * executors the application defines, and the naming of {@code @Scheduled} methods.
 *
 * @author Async Telemetry team
 */
@AutoConfiguration(after = AsyncTelemetryAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
@ConditionalOnBooleanProperty(name = AsyncTelemetryProperties.PREFIX + ".enabled", matchIfMissing = true)
public final class TaskTelemetryAutoConfiguration {

	static final String MAX_TASK_NAMES_PROPERTY = AsyncTelemetryProperties.PREFIX + ".max-task-names";

	@Bean
	@ConditionalOnMissingBean
	TelemetryTaskDecorator asyncTelemetryTaskDecorator(AsyncUnitRecorder recorder, TraceSelection traceSelection,
			AsyncTelemetryProperties properties, ObjectProvider<UnitTracer> tracer, ContextCapture context) {
		return new TelemetryTaskDecorator(recorder, traceSelection.tasks(), maxTaskNames(properties),
				tracer.getIfAvailable(() -> UnitTracer.NOOP), context);
	}

	/**
	 * Return the cap of distinct task names, refusing a cap below one (which would name
	 * every task {@code other}) with Spring Boot's report of an invalid property value.
	 */
	private static int maxTaskNames(AsyncTelemetryProperties properties) {
		int maxTaskNames = properties.getMaxTaskNames();
		if (maxTaskNames < 1) {
			throw new InvalidConfigurationPropertyValueException(MAX_TASK_NAMES_PROPERTY, maxTaskNames,
					"The cap of distinct task names must be at least 1.");
		}
		return maxTaskNames;
	}

	@Bean
	static TaskExecutorTelemetryPostProcessor asyncTelemetryTaskExecutorPostProcessor(
			ObjectProvider<TelemetryTaskDecorator> decorator) {
		return new TaskExecutorTelemetryPostProcessor(decorator);
	}

	@Bean
	@ConditionalOnMissingBean
	ScheduledTaskNameHandler asyncTelemetryScheduledTaskNameHandler() {
		return new ScheduledTaskNameHandler();
	}

	@Bean
	ScheduledTaskObservationConfigurer asyncTelemetryScheduledTaskObservationConfigurer(
			ScheduledTaskNameHandler handler) {
		return new ScheduledTaskObservationConfigurer(handler);
	}

}
