package io.github.asynctelemetry.autoconfigure;

import java.time.Duration;

import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.names.ApplicationPackages;
import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.task.AsyncTelemetryTaskDecorator;
import io.github.asynctelemetry.task.ExecutorCoverage;
import io.github.asynctelemetry.task.ExecutorInstrumentationPostProcessor;
import io.github.asynctelemetry.task.SchedulingCoverageConfigurer;
import io.github.asynctelemetry.task.TaskInstrumentation;
import io.github.asynctelemetry.task.UnitsInFlightAtClose;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionProperties;
import org.springframework.boot.autoconfigure.task.TaskSchedulingProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.task.SimpleAsyncTaskExecutorCustomizer;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerCustomizer;
import org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Fallback;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.config.TaskManagementConfigUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration of executor tasks as asynchronous units: the
 * {@link TaskInstrumentation} of the application; the {@link AsyncTelemetryTaskDecorator}
 * that Spring Boot composes into the executors and schedulers its builders build; the
 * post-processor that wraps JDK pool beans declared as {@code ExecutorService} in an
 * interface proxy; the {@link ExecutorCoverage} that lists every executor, with the
 * builder customizers that tell it which ones Spring Boot built; and, when
 * {@code @EnableScheduling} is active, the configurer that covers the scheduler of
 * {@code @Scheduled} methods; and the {@link UnitsInFlightAtClose} listener that lets
 * running units end before the meter registries close. No executor or scheduler bean is
 * changed.
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
			ObjectProvider<TaskInstrumentation> instrumentation, ObjectProvider<ExecutorCoverage> coverage) {
		return new ExecutorInstrumentationPostProcessor(instrumentation, coverage);
	}

	@Bean
	@ConditionalOnMissingBean
	ExecutorCoverage asyncExecutorCoverage() {
		return new ExecutorCoverage();
	}

	/**
	 * The starter's decorator, which Spring Boot composes with the application's
	 * {@code TaskDecorator} beans into the executors and schedulers its builders build.
	 * It is the innermost of them ({@link Ordered#HIGHEST_PRECEDENCE}, first in Spring
	 * Boot's composition), so that it sees the application's own task, which names it,
	 * and the measured time starts as close to that task as can be. It is a fallback
	 * bean, so that an application that injects its one {@code TaskDecorator} bean by type
	 * still gets its own.
	 */
	@Bean
	@Fallback
	@Order(Ordered.HIGHEST_PRECEDENCE)
	AsyncTelemetryTaskDecorator asyncTelemetryTaskDecorator(ObjectProvider<TaskInstrumentation> instrumentation) {
		return new AsyncTelemetryTaskDecorator(SingletonSupplier.of(instrumentation::getObject));
	}

	@Bean
	ThreadPoolTaskExecutorCustomizer asyncTelemetryThreadPoolTaskExecutorCustomizer(ExecutorCoverage coverage) {
		return coverage::built;
	}

	@Bean
	SimpleAsyncTaskExecutorCustomizer asyncTelemetrySimpleAsyncTaskExecutorCustomizer(ExecutorCoverage coverage) {
		return coverage::built;
	}

	@Bean
	ThreadPoolTaskSchedulerCustomizer asyncTelemetryThreadPoolTaskSchedulerCustomizer(ExecutorCoverage coverage) {
		return coverage::built;
	}

	@Bean
	SimpleAsyncTaskSchedulerCustomizer asyncTelemetrySimpleAsyncTaskSchedulerCustomizer(ExecutorCoverage coverage) {
		return coverage::built;
	}

	/**
	 * The listener that lets the units running at shutdown end before Spring Boot closes
	 * the meter registries, for as long as the application lets Spring Boot's executors
	 * and schedulers finish their tasks.
	 */
	@Bean
	UnitsInFlightAtClose asyncUnitsInFlightAtClose(AsyncUnitRecorder recorder, ExecutorCoverage coverage,
			ObjectProvider<TaskExecutionProperties> execution, ObjectProvider<TaskSchedulingProperties> scheduling) {
		Duration timeout = Duration.ZERO;
		TaskExecutionProperties.Shutdown executors = execution.getIfAvailable(TaskExecutionProperties::new)
			.getShutdown();
		if (executors.isAwaitTermination() && executors.getAwaitTerminationPeriod() != null) {
			timeout = executors.getAwaitTerminationPeriod();
		}
		TaskSchedulingProperties.Shutdown schedulers = scheduling.getIfAvailable(TaskSchedulingProperties::new)
			.getShutdown();
		if (schedulers.isAwaitTermination() && schedulers.getAwaitTerminationPeriod() != null
				&& schedulers.getAwaitTerminationPeriod().compareTo(timeout) > 0) {
			timeout = schedulers.getAwaitTerminationPeriod();
		}
		return new UnitsInFlightAtClose(recorder, coverage, timeout);
	}

	@Bean
	@ConditionalOnBean(name = TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME)
	SchedulingCoverageConfigurer asyncSchedulingCoverageConfigurer(
			ExecutorInstrumentationPostProcessor asyncExecutorInstrumentationPostProcessor) {
		return new SchedulingCoverageConfigurer(asyncExecutorInstrumentationPostProcessor);
	}

}
