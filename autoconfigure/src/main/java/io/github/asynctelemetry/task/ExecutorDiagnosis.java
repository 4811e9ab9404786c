package io.github.asynctelemetry.task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ClassUtils;

/**
 * What the diagnostics say of one executor or scheduler: whether its tasks are covered,
 * and, when not, why and the fix for its kind. It only reads the executor through its
 * public API, and an executor that answers oddly (a mock, one not initialised) is
 * described all the same: whatever it throws, the answer is {@code false} or unknown,
 * never an exception.
 *
 * @author Async Telemetry team
 */
final class ExecutorDiagnosis {

	private static final String SET_DECORATOR = "call setTaskDecorator(...) on it with the starter's "
			+ "AsyncTelemetryTaskDecorator bean (inject it by its class)";

	private final boolean virtualThreadsEnabled;

	ExecutorDiagnosis(boolean virtualThreadsEnabled) {
		this.virtualThreadsEnabled = virtualThreadsEnabled;
	}

	Verdict covered() {
		return new Verdict(true, null, null);
	}

	/**
	 * Return the verdict on an executor or scheduler bean.
	 * @param bean the bean
	 * @param wrapped whether the starter wrapped it in an interface proxy
	 * @param built whether one of Spring Boot's builders built it
	 */
	Verdict of(Object bean, boolean wrapped, boolean built) {
		if (wrapped || built) {
			return covered();
		}
		if (bean instanceof TaskExecutor || bean instanceof TaskScheduler) {
			String builder = builderOf(bean);
			String reason = "the application built it itself, and the starter does not change executors it did "
					+ "not build; its tasks are covered only where they reach a covered executor (as when it "
					+ "hands them to applicationTaskExecutor)";
			return new Verdict(false, reason, (builder != null)
					? "build it with Spring Boot's " + builder + " (inject the builder into the @Bean method), or "
							+ SET_DECORATOR
					: (bean instanceof TaskExecutorAdapter) ? SET_DECORATOR
							: "let it hand its tasks to an executor that is covered, such as applicationTaskExecutor");
		}
		if (bean instanceof ExecutorService) {
			return new Verdict(false,
					"it is declared as its class " + typeOf(bean) + ", which a proxy cannot stand for",
					"declare the @Bean method's return type as ExecutorService (or ScheduledExecutorService)");
		}
		return new Verdict(false,
				"it is a plain Executor (" + typeOf(bean) + "), not a Spring TaskExecutor nor an ExecutorService",
				"wrap it in Spring's TaskExecutorAdapter, " + SET_DECORATOR.replace(" on it", " on that")
						+ ", and declare that as the bean");
	}

	/**
	 * Return the Spring Boot builder of an executor's kind, or {@code null}.
	 */
	private static @Nullable String builderOf(Object executor) {
		if (executor instanceof ThreadPoolTaskExecutor) {
			return "ThreadPoolTaskExecutorBuilder";
		}
		if (executor instanceof ThreadPoolTaskScheduler) {
			return "ThreadPoolTaskSchedulerBuilder";
		}
		if (executor instanceof SimpleAsyncTaskScheduler) {
			return "SimpleAsyncTaskSchedulerBuilder";
		}
		return (executor instanceof SimpleAsyncTaskExecutor) ? "SimpleAsyncTaskExecutorBuilder" : null;
	}

	static String typeOf(Object executor) {
		return ClassUtils.getUserClass(executor).getName();
	}

	/**
	 * Whether an executor runs its tasks on virtual threads, as far as its public API tells
	 * without making a thread: a thread pool by the class of its thread factory (the JDK's
	 * virtual thread factory, which Spring's {@code setVirtualThreads(true)} installs),
	 * Spring Boot's {@code SimpleAsyncTaskExecutor} and {@code SimpleAsyncTaskScheduler} by
	 * {@code spring.threads.virtual.enabled}. A {@code SimpleAsyncTaskExecutor} of the
	 * application's own, or a JDK pool of virtual threads that is not a
	 * {@code ThreadPoolExecutor}, shows {@code false}; so does an executor that throws or
	 * answers {@code null} (a mock).
	 */
	boolean virtualThreads(Object executor) {
		try {
			ThreadFactory factory = null;
			if (executor instanceof ThreadPoolTaskExecutor pool) {
				ThreadPoolExecutor jdk = pool.getThreadPoolExecutor();
				factory = (jdk != null) ? jdk.getThreadFactory() : null;
			}
			else if (executor instanceof ThreadPoolTaskScheduler scheduler) {
				ThreadPoolExecutor jdk = scheduler.getScheduledThreadPoolExecutor();
				factory = (jdk != null) ? jdk.getThreadFactory() : null;
			}
			else if (executor instanceof ThreadPoolExecutor pool) {
				factory = pool.getThreadFactory();
			}
			else if (executor instanceof SimpleAsyncTaskExecutor) {
				return this.virtualThreadsEnabled;
			}
			return factory != null && factory.getClass().getName().contains("VirtualThread");
		}
		catch (Throwable ex) {
			return false;
		}
	}

	/**
	 * What the diagnostics say of one executor.
	 *
	 * @param covered whether its tasks get the submitter's context and {@code task} meters
	 * @param reason why not, {@code null} when covered
	 * @param action what to do, {@code null} when covered
	 */
	record Verdict(boolean covered, @Nullable String reason, @Nullable String action) {

	}

}
