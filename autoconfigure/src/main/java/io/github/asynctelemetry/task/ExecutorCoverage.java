package io.github.asynctelemetry.task;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ClassUtils;

/**
 * Which executors and schedulers of one application the starter covers (their tasks get
 * the submitter's context and {@code task} meters) and, for the others, why not and what
 * to do: what {@code /actuator/asyncio} shows as {@code executors} and the start-up log
 * sums up. Filled in by the {@link ExecutorInstrumentationPostProcessor} once per bean at
 * start-up; reading it costs nothing else.
 *
 * @author Async Telemetry team
 */
public final class ExecutorCoverage {

	private final Map<String, Entry> entries = new ConcurrentSkipListMap<>();

	private final boolean virtualThreadsEnabled;

	ExecutorCoverage(boolean virtualThreadsEnabled) {
		this.virtualThreadsEnabled = virtualThreadsEnabled;
	}

	void covered(String beanName, Object executor) {
		this.entries.put(beanName, new Entry(beanName, ClassUtils.getUserClass(executor).getName(),
				virtualThreads(executor), true, null, null));
	}

	void notCovered(String beanName, Object executor, String reason, String action) {
		this.entries.put(beanName, new Entry(beanName, ClassUtils.getUserClass(executor).getName(),
				virtualThreads(executor), false, reason, action));
	}

	/**
	 * Return every executor and scheduler bean met so far, by bean name.
	 * @return the entries
	 */
	public List<Entry> entries() {
		return List.copyOf(this.entries.values());
	}

	/**
	 * Whether an executor runs its tasks on virtual threads, as far as its public API tells
	 * without making a thread: a thread pool by the class of its thread factory (the JDK's
	 * virtual thread factory, which Spring's {@code setVirtualThreads(true)} installs),
	 * Spring Boot's {@code SimpleAsyncTaskExecutor} and {@code SimpleAsyncTaskScheduler} by
	 * {@code spring.threads.virtual.enabled}. A {@code SimpleAsyncTaskExecutor} of the
	 * application's own, or a JDK pool of virtual threads that is not a
	 * {@code ThreadPoolExecutor}, shows {@code false}.
	 */
	private boolean virtualThreads(Object executor) {
		try {
			ThreadFactory factory = null;
			if (executor instanceof ThreadPoolTaskExecutor pool) {
				factory = pool.getThreadPoolExecutor().getThreadFactory();
			}
			else if (executor instanceof ThreadPoolTaskScheduler scheduler) {
				factory = scheduler.getScheduledThreadPoolExecutor().getThreadFactory();
			}
			else if (executor instanceof ThreadPoolExecutor pool) {
				factory = pool.getThreadFactory();
			}
			else if (executor instanceof SimpleAsyncTaskExecutor) {
				return this.virtualThreadsEnabled;
			}
			return factory != null && factory.getClass().getName().contains("VirtualThread");
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	/**
	 * One executor or scheduler bean.
	 *
	 * @param bean the bean name
	 * @param type the class of the executor
	 * @param virtualThreads whether it runs its tasks on virtual threads
	 * @param covered whether its tasks get the submitter's context and {@code task} meters
	 * @param reason why it is not covered, {@code null} when it is
	 * @param action what to do so that it is covered, {@code null} when it is
	 */
	public record Entry(String bean, String type, boolean virtualThreads, boolean covered, @Nullable String reason,
			@Nullable String action) {

	}

}
