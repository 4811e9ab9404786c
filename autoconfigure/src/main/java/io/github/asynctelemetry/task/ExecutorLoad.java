package io.github.asynctelemetry.task;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The load of one executor now, as far as it tells through its public getters: how many
 * tasks it runs ({@code active}), how many wait for a thread ({@code queued}), and the
 * most it runs at once ({@code limit}, {@code null} when unbounded). Each value is read
 * on its own; one that the executor cannot tell, or whose getter throws (a mock, a pool
 * not initialised or shut down), is {@code null}. Nothing of the executor is changed.
 * <ul>
 * <li>{@code ThreadPoolTaskExecutor} and {@code ThreadPoolExecutor}: the active count,
 * the queue size, and the maximum pool size, or the core pool size when the queue is
 * unbounded (the pool never grows past it then);</li>
 * <li>{@code ThreadPoolTaskScheduler} and {@code ScheduledThreadPoolExecutor}: the active
 * count, the tasks that are due and wait for a thread (tasks scheduled for later are not
 * counted), and the core pool size;</li>
 * <li>{@code ForkJoinPool}: the active threads, the queued submissions and tasks, and the
 * parallelism;</li>
 * <li>{@code SimpleAsyncTaskExecutor} and {@code SimpleAsyncTaskScheduler}: the
 * concurrency limit when one is set; they keep no count of their running tasks;</li>
 * <li>Spring's {@code ConcurrentTaskExecutor}: the load of the executor it adapts;</li>
 * <li>a JDK pool bean whose running tasks the starter counts (see
 * {@link TaskCount}): that count.</li>
 * </ul>
 *
 * @param active how many tasks it runs now, or {@code null}
 * @param queued how many tasks wait for a thread now, or {@code null}
 * @param limit the most tasks it runs at once, or {@code null} when unbounded or unknown
 * @author Async Telemetry team
 */
record ExecutorLoad(@Nullable Integer active, @Nullable Integer queued, @Nullable Integer limit) {

	static final ExecutorLoad UNKNOWN = new ExecutorLoad(null, null, null);

	/**
	 * Read the load of an executor.
	 * @param executor the executor (the pool itself, not the starter's proxy of it)
	 * @param count the starter's count of its running tasks, or {@code null}
	 * @return its load
	 */
	static ExecutorLoad of(@Nullable Object executor, @Nullable TaskCount count) {
		if (count != null) {
			return new ExecutorLoad(count.active(), null, null);
		}
		if (executor instanceof ThreadPoolTaskExecutor pool) {
			return new ExecutorLoad(read(pool::getActiveCount), read(pool::getQueueSize),
					read(() -> limit(pool.getMaxPoolSize(), pool.getCorePoolSize(),
							pool.getQueueCapacity() == Integer.MAX_VALUE)));
		}
		if (executor instanceof ThreadPoolTaskScheduler scheduler) {
			return new ExecutorLoad(read(scheduler::getActiveCount),
					read(() -> due(scheduler.getScheduledThreadPoolExecutor().getQueue())),
					read(() -> scheduler.getScheduledThreadPoolExecutor().getCorePoolSize()));
		}
		if (executor instanceof ScheduledThreadPoolExecutor pool) {
			return new ExecutorLoad(read(pool::getActiveCount), read(() -> due(pool.getQueue())),
					read(pool::getCorePoolSize));
		}
		if (executor instanceof ThreadPoolExecutor pool) {
			return new ExecutorLoad(read(pool::getActiveCount), read(() -> pool.getQueue().size()),
					read(() -> limit(pool.getMaximumPoolSize(), pool.getCorePoolSize(), isUnbounded(pool.getQueue()))));
		}
		if (executor instanceof ForkJoinPool pool) {
			return new ExecutorLoad(read(pool::getActiveThreadCount),
					read(() -> saturated(pool.getQueuedSubmissionCount() + pool.getQueuedTaskCount())),
					read(pool::getParallelism));
		}
		if (executor instanceof SimpleAsyncTaskExecutor simple) {
			return new ExecutorLoad(null, null,
					read(() -> simple.isThrottleActive() ? simple.getConcurrencyLimit() : null));
		}
		if (executor instanceof ConcurrentTaskExecutor adapter) {
			Object adapted = readObject(adapter);
			return (adapted != null && adapted != adapter) ? of(adapted, null) : UNKNOWN;
		}
		return UNKNOWN;
	}

	/**
	 * The most tasks a thread pool runs at once: its maximum size, unless its queue is
	 * unbounded, in which case it never grows past its core size.
	 */
	private static @Nullable Integer limit(int maximum, int core, boolean unboundedQueue) {
		int limit = (unboundedQueue) ? core : maximum;
		return (limit == Integer.MAX_VALUE) ? null : limit;
	}

	private static boolean isUnbounded(BlockingQueue<Runnable> queue) {
		return (long) queue.size() + queue.remainingCapacity() >= Integer.MAX_VALUE;
	}

	/**
	 * Count the tasks of a scheduled pool's queue that are due: their delay has passed
	 * and they wait for a thread.
	 */
	private static int due(BlockingQueue<Runnable> queue) {
		int due = 0;
		for (Runnable task : queue) {
			if (!(task instanceof Delayed delayed) || delayed.getDelay(TimeUnit.NANOSECONDS) <= 0) {
				due++;
			}
		}
		return due;
	}

	private static int saturated(long value) {
		return (int) Math.min(value, Integer.MAX_VALUE);
	}

	private static @Nullable Object readObject(ConcurrentTaskExecutor adapter) {
		try {
			return adapter.getConcurrentExecutor();
		}
		catch (Throwable ex) {
			return null;
		}
	}

	private static @Nullable Integer read(NullableIntSupplier getter) {
		try {
			return getter.get();
		}
		catch (Throwable ex) {
			return null;
		}
	}

	/**
	 * A getter of a value that may be unknown.
	 */
	@FunctionalInterface
	private interface NullableIntSupplier {

		@Nullable Integer get();

	}

}
