package io.github.asynctelemetry.task;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Publishes Micrometer's executor meters, tagged {@code name} with the bean name, for the
 * covered executor beans whose load Spring Boot does not publish itself. Spring Boot binds
 * Micrometer's {@link ExecutorServiceMetrics} to its {@code ThreadPoolTaskExecutor} and
 * {@code ThreadPoolTaskScheduler} beans only, so this binds, once at start-up:
 * <ul>
 * <li>a JDK pool bean that is a {@code ThreadPoolExecutor} (scheduled ones included) or
 * a {@code ForkJoinPool}: Micrometer's {@link ExecutorServiceMetrics} itself
 * ({@code executor.active}, {@code executor.queued}, {@code executor.pool.max},
 * {@code executor.completed} and the others it defines for that kind of pool);</li>
 * <li>a JDK pool bean whose tasks the starter counts ({@link TaskCount}, a
 * virtual-thread {@code Executors.newVirtualThreadPerTaskExecutor()} for example):
 * {@code executor.active} and {@code executor.completed}, under Micrometer's names,
 * descriptions and units;</li>
 * <li>a {@code SimpleAsyncTaskExecutor} or {@code SimpleAsyncTaskScheduler} with a
 * concurrency limit: {@code executor.pool.max}. It keeps no count of its running tasks
 * that can be read, and its tasks pass through the decorator that Spring Boot composes
 * for every executor it builds, which cannot tell them apart, so it has no
 * {@code executor.active}.</li>
 * </ul>
 * An executor that already has an executor meter of its name (bound by Spring Boot or by
 * the application) is skipped, so that no executor is published twice. The meters read
 * the executor's public getters when the registry reads them; a failure to bind is
 * logged at debug level and never stops the application.
 *
 * @author Async Telemetry team
 */
final class ExecutorMeters {

	private static final Log logger = LogFactory.getLog(ExecutorMeters.class);

	private static final String EXECUTOR_METER_PREFIX = "executor.";

	private ExecutorMeters() {
	}

	/**
	 * Bind the executor meters of the covered executors that need them.
	 * @param registry the application's meter registry, or {@code null} for none
	 * @param executors the listed executor beans
	 */
	static void bind(@Nullable MeterRegistry registry, Collection<ListedExecutor> executors) {
		if (registry == null) {
			return;
		}
		for (ListedExecutor listed : executors) {
			String name = listed.bean();
			Object executor = listed.executor();
			if (name != null && executor != null && listed.covered() && !publishedBySpringBoot(executor)) {
				try {
					if (!hasExecutorMeters(registry, name)) {
						bind(registry, name, executor, listed.count());
					}
				}
				catch (RuntimeException ex) {
					logger.debug("Could not bind the executor meters of '" + name + "'", ex);
				}
			}
		}
	}

	private static boolean publishedBySpringBoot(Object executor) {
		return executor instanceof ThreadPoolTaskExecutor || executor instanceof ThreadPoolTaskScheduler;
	}

	private static boolean hasExecutorMeters(MeterRegistry registry, String name) {
		return registry.getMeters()
			.stream()
			.anyMatch((meter) -> meter.getId().getName().startsWith(EXECUTOR_METER_PREFIX)
					&& name.equals(meter.getId().getTag("name")));
	}

	private static void bind(MeterRegistry registry, String name, Object executor, @Nullable TaskCount count) {
		Tags tags = Tags.of("name", name);
		if (count != null) {
			Gauge.builder("executor.active", count, TaskCount::active)
				.tags(tags)
				.description("The approximate number of threads that are actively executing tasks")
				.baseUnit(BaseUnits.THREADS)
				.register(registry);
			FunctionCounter.builder("executor.completed", count, TaskCount::completed)
				.tags(tags)
				.description("The approximate total number of tasks that have completed execution")
				.baseUnit(BaseUnits.TASKS)
				.register(registry);
		}
		else if (executor instanceof ThreadPoolExecutor || executor instanceof ForkJoinPool) {
			new ExecutorServiceMetrics((ExecutorService) executor, name, List.of()).bindTo(registry);
		}
		else if (executor instanceof SimpleAsyncTaskExecutor simple && simple.isThrottleActive()) {
			Gauge.builder("executor.pool.max", simple, SimpleAsyncTaskExecutor::getConcurrencyLimit)
				.tags(tags)
				.description("The maximum allowed number of threads in the pool")
				.baseUnit(BaseUnits.THREADS)
				.register(registry);
		}
	}

}
