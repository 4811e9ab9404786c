package io.github.asynctelemetry.task;

import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ReflectionUtils;

/**
 * Adds the {@link TelemetryTaskDecorator} to the executors and schedulers that the
 * application defines itself: {@link ThreadPoolTaskExecutor},
 * {@link ThreadPoolTaskScheduler}, {@link SimpleAsyncTaskExecutor} and its subclass
 * {@code SimpleAsyncTaskScheduler}. The bean keeps its type and identity (no proxy); its
 * decorator is replaced by a {@link CompositeTaskDecorator} of ours, applied first, and
 * the decorator it already had, so that an application's decorator (an MDC copier, a
 * security context propagator) keeps working. An executor whose decorator already
 * contains ours, such as the ones Spring Boot builds from the {@code TaskDecorator}
 * beans (its {@code applicationTaskExecutor} and {@code taskScheduler}, or any executor
 * made with Boot's builders), is left alone, so that no task is decorated twice.
 * <p>
 * The decorator is set before initialization, because the pool-based executors read it
 * when they initialize. Spring has no getter for the current decorator, so the private
 * {@code taskDecorator} field is read once per executor bean at start-up; when the field
 * cannot be found, the executor is left undecorated rather than losing its decorator.
 * <p>
 * After initialization, the {@link RejectedExecutionHandler} of the thread pool behind a
 * {@code ThreadPoolTaskExecutor} or {@code ThreadPoolTaskScheduler} that runs our
 * decorator is wrapped, delegating to the original, so that a refused task is counted
 * with the state {@code rejected}.
 *
 * @author Async Telemetry team
 */
public class TaskExecutorTelemetryPostProcessor implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(TaskExecutorTelemetryPostProcessor.class);

	private static final String DECORATOR_FIELD = "taskDecorator";

	private static final @Nullable Field compositeDecorators = accessibleField(CompositeTaskDecorator.class,
			"taskDecorators", List.class);

	private final ObjectProvider<TelemetryTaskDecorator> decorator;

	/**
	 * Create a post-processor.
	 * @param decorator the decorator to add, resolved when the first executor bean is
	 * processed
	 */
	public TaskExecutorTelemetryPostProcessor(ObjectProvider<TelemetryTaskDecorator> decorator) {
		this.decorator = decorator;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof ThreadPoolTaskExecutor || bean instanceof ThreadPoolTaskScheduler
				|| bean instanceof SimpleAsyncTaskExecutor) {
			TelemetryTaskDecorator ours = this.decorator.getIfAvailable();
			if (ours != null) {
				addDecorator(bean, beanName, ours);
			}
		}
		return bean;
	}

	private void addDecorator(Object executor, String beanName, TelemetryTaskDecorator ours) {
		Field field = accessibleField(executor.getClass(), DECORATOR_FIELD, TaskDecorator.class);
		if (field == null) {
			logger.warn("Cannot read the task decorator of executor '" + beanName + "' ("
					+ executor.getClass().getName() + "); its tasks are not instrumented");
			return;
		}
		TaskDecorator existing = (TaskDecorator) ReflectionUtils.getField(field, executor);
		if (containsTelemetry(existing)) {
			return;
		}
		TaskDecorator composed = (existing != null) ? new CompositeTaskDecorator(List.of(ours, existing)) : ours;
		if (executor instanceof ThreadPoolTaskExecutor threadPool) {
			threadPool.setTaskDecorator(composed);
		}
		else if (executor instanceof ThreadPoolTaskScheduler scheduler) {
			scheduler.setTaskDecorator(composed);
		}
		else if (executor instanceof SimpleAsyncTaskExecutor simple) {
			simple.setTaskDecorator(composed);
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ThreadPoolTaskExecutor executor && runsTelemetry(executor)) {
			recordRejections(beanName, executor::getThreadPoolExecutor);
		}
		else if (bean instanceof ThreadPoolTaskScheduler scheduler && runsTelemetry(scheduler)) {
			recordRejections(beanName, scheduler::getScheduledThreadPoolExecutor);
		}
		return bean;
	}

	private static boolean runsTelemetry(Object executor) {
		Field field = accessibleField(executor.getClass(), DECORATOR_FIELD, TaskDecorator.class);
		return field != null && containsTelemetry((TaskDecorator) ReflectionUtils.getField(field, executor));
	}

	private static void recordRejections(String beanName, Supplier<ThreadPoolExecutor> threadPool) {
		ThreadPoolExecutor executor;
		try {
			executor = threadPool.get();
		}
		catch (IllegalStateException ex) {
			logger.debug("Executor '" + beanName + "' is not initialized; its rejections are not recorded");
			return;
		}
		RejectedExecutionHandler handler = executor.getRejectedExecutionHandler();
		if (!(handler instanceof RejectionRecordingHandler)) {
			executor.setRejectedExecutionHandler(new RejectionRecordingHandler(handler));
		}
	}

	private static boolean containsTelemetry(@Nullable TaskDecorator decorator) {
		if (decorator instanceof TelemetryTaskDecorator) {
			return true;
		}
		if (decorator instanceof CompositeTaskDecorator && compositeDecorators != null) {
			Object decorators = ReflectionUtils.getField(compositeDecorators, decorator);
			if (decorators instanceof List<?> list) {
				for (Object member : list) {
					if (member instanceof TaskDecorator taskDecorator && containsTelemetry(taskDecorator)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	private static @Nullable Field accessibleField(Class<?> type, String name, Class<?> fieldType) {
		Field field = ReflectionUtils.findField(type, name, fieldType);
		if (field != null) {
			ReflectionUtils.makeAccessible(field);
		}
		return field;
	}

}
