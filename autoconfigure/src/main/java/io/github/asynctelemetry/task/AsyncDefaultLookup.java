package io.github.asynctelemetry.task;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.interceptor.AsyncExecutionAspectSupport;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

/**
 * Finds the executor that {@code @Async} methods without an executor name run on, as
 * Spring decides it, when {@code @EnableAsync} is active, and notes it in the
 * {@link ExecutorCoverage}: the one Spring Boot's own {@code AsyncConfigurer} returns
 * (which makes nothing, see {@link SpringTaskShapes#isBootAsyncConfigurer}), else
 * Spring's default lookup (the unique {@code TaskExecutor} bean, else the
 * {@code Executor} bean named {@code taskExecutor}), else the
 * {@code SimpleAsyncTaskExecutor} that Spring's {@code @Async} support makes for itself.
 * The application's own {@code AsyncConfigurer} is never asked: asking it could make
 * another executor, and what it returns is the application's.
 *
 * @author Async Telemetry team
 */
final class AsyncDefaultLookup extends AsyncExecutionAspectSupport {

	private static final Log logger = LogFactory.getLog(AsyncDefaultLookup.class);

	private AsyncDefaultLookup() {
		super(null);
	}

	static void note(ConfigurableListableBeanFactory beanFactory, ExecutorCoverage coverage) {
		if (!beanFactory.containsBean(TaskManagementConfigUtils.ASYNC_ANNOTATION_PROCESSOR_BEAN_NAME)) {
			return;
		}
		try {
			String[] configurers = beanFactory.getBeanNamesForType(AsyncConfigurer.class, true, false);
			if (configurers.length > 1) {
				logger.debug("Not noting the default @Async executor: there are several AsyncConfigurer beans, "
						+ "which Spring refuses");
				return;
			}
			Executor executor = null;
			if (configurers.length == 1) {
				AsyncConfigurer configurer = beanFactory.getBean(configurers[0], AsyncConfigurer.class);
				if (!SpringTaskShapes.isBootAsyncConfigurer(configurers[0], configurer)) {
					logger.debug("Not noting the default @Async executor: it is what the application's AsyncConfigurer '"
							+ configurers[0] + "' returns");
					return;
				}
				executor = configurer.getAsyncExecutor();
			}
			if (executor == null) {
				executor = new AsyncDefaultLookup().getDefaultExecutor(beanFactory);
			}
			if (executor == null) {
				coverage.unreachable(SimpleAsyncTaskExecutor.class, ExecutorCoverage.ASYNC_DEFAULT, fallback(beanFactory));
			}
			else if (!coverage.usedFor(executor, ExecutorCoverage.ASYNC_DEFAULT)) {
				logger.debug("The default @Async executor " + executor + " is not listed");
			}
		}
		catch (Throwable ex) {
			logger.debug("Could not note the default @Async executor", ex);
		}
	}

	/**
	 * Return what to say of the executor that Spring's {@code @Async} support makes for
	 * itself, with the fixes that work for this application.
	 */
	private static ExecutorDiagnosis.Verdict fallback(ConfigurableListableBeanFactory beanFactory) {
		String[] executors = beanFactory.getBeanNamesForType(TaskExecutor.class, true, false);
		String why = (executors.length > 1)
				? "the application has several TaskExecutor beans " + Arrays.toString(executors)
						+ " and none is named 'taskExecutor'"
				: "the application has no TaskExecutor bean";
		return new ExecutorDiagnosis.Verdict(false,
				"@Async methods without an executor name run on a SimpleAsyncTaskExecutor that Spring's @Async "
						+ "support makes for itself, because " + why + "; it starts a thread per call, and no "
						+ "post-processor can reach it. Its @Async calls are still async_method units with the "
						+ "caller's context",
				(executors.length > 1)
						? "name the executor bean that @Async should use 'taskExecutor', or set "
								+ "spring.task.execution.mode=force so that Spring Boot's applicationTaskExecutor is "
								+ "used, or return an executor from an AsyncConfigurer, or name the executor in "
								+ "@Async(\"beanName\")"
						: "define a TaskExecutor bean, or let Spring Boot define applicationTaskExecutor (it backs "
								+ "off when the application defines an Executor bean of its own)");
	}

	@Override
	protected @Nullable Executor getDefaultExecutor(@Nullable BeanFactory beanFactory) {
		return super.getDefaultExecutor(beanFactory);
	}

	@Override
	protected @Nullable String getExecutorQualifier(Method method) {
		return null;
	}

}
