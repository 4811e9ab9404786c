package io.github.asynctelemetry.autoconfigure;

import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.names.ApplicationPackages;
import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.task.AsyncConfigurerPostProcessor;
import io.github.asynctelemetry.task.ExecutorInstrumentationPostProcessor;
import io.github.asynctelemetry.task.SchedulingCoverageConfigurer;
import io.github.asynctelemetry.task.TaskInstrumentation;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

/**
 * Auto-configuration of executor tasks as asynchronous units: the
 * {@link TaskInstrumentation} of the application and the post-processor that applies it
 * to the submission methods of every {@code TaskExecutor} and {@code TaskScheduler} bean,
 * Spring Boot's own included; when {@code @EnableAsync} is active, the post-processor
 * that makes the {@code AsyncConfigurer}'s executor one executor, covered, and when
 * {@code @EnableScheduling} is, the configurer that covers the scheduler of
 * {@code @Scheduled} methods.
 *
 * @author Async Telemetry team
 */
@AutoConfiguration(after = AsyncTelemetryAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = AsyncTelemetryProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnBean({ AsyncUnitRecorder.class, TraceSelection.class, ContextCapture.class })
public final class TaskTelemetryAutoConfiguration {

	static final String MAX_TASK_NAMES_PROPERTY = AsyncTelemetryProperties.PREFIX + ".max-task-names";

	@Bean
	@ConditionalOnMissingBean
	TaskInstrumentation asyncTaskInstrumentation(AsyncUnitRecorder recorder, TraceSelection traceSelection,
			AsyncTelemetryProperties properties, ObjectProvider<UnitTracer> tracer, ContextCapture context,
			BeanFactory beanFactory) {
		return new TaskInstrumentation(recorder, traceSelection.tasks(), maxTaskNames(properties),
				tracer.getIfAvailable(() -> UnitTracer.NOOP), context, ApplicationPackages.of(beanFactory));
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
	static ExecutorInstrumentationPostProcessor asyncExecutorInstrumentationPostProcessor(
			ObjectProvider<TaskInstrumentation> instrumentation) {
		return new ExecutorInstrumentationPostProcessor(instrumentation);
	}

	@Bean
	@ConditionalOnBean(name = TaskManagementConfigUtils.ASYNC_ANNOTATION_PROCESSOR_BEAN_NAME)
	static AsyncConfigurerPostProcessor asyncConfigurerPostProcessor(
			ExecutorInstrumentationPostProcessor asyncExecutorInstrumentationPostProcessor) {
		return new AsyncConfigurerPostProcessor(asyncExecutorInstrumentationPostProcessor);
	}

	@Bean
	@ConditionalOnBean(name = TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME)
	SchedulingCoverageConfigurer asyncSchedulingCoverageConfigurer(
			ExecutorInstrumentationPostProcessor asyncExecutorInstrumentationPostProcessor) {
		return new SchedulingCoverageConfigurer(asyncExecutorInstrumentationPostProcessor);
	}

}
