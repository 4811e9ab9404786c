package io.github.asynctelemetry.task;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * The starter's count of the tasks that one executor runs, for a JDK pool bean that keeps
 * no count the starter can read through public getters (a virtual-thread
 * {@code Executors.newVirtualThreadPerTaskExecutor()}, a wrapper such as Micrometer's
 * {@code ContextExecutorService}): the tasks running now and the tasks completed since
 * start-up. The interface proxy of the bean counts each task that it hands to the pool
 * ({@link TaskCountingInterceptor}) with a {@link Counted} wrapper around it.
 * <p>
 * Cost per task: one small wrapper, one atomic increment when the task starts, one
 * atomic decrement and one {@link LongAdder} increment when it ends.
 *
 * @author Async Telemetry team
 */
final class TaskCount {

	private final AtomicInteger active = new AtomicInteger();

	private final LongAdder completed = new LongAdder();

	/**
	 * Return the number of tasks running now.
	 * @return the running tasks
	 */
	int active() {
		return this.active.get();
	}

	/**
	 * Return the number of tasks that ended since start-up, normally or not.
	 * @return the completed tasks
	 */
	long completed() {
		return this.completed.sum();
	}

	/**
	 * Wrap a task handed to the pool so that its run is counted.
	 * @param task a {@code Runnable} or {@code Callable}
	 * @return the counting wrapper
	 */
	Counted count(Object task) {
		return new Counted(task, this);
	}

	/**
	 * A task counted while it runs. It is a {@link Runnable} and a {@link Callable}, so
	 * that it stands for the task in whichever submission method received it, and it
	 * runs the task as it is: same result, same exception.
	 */
	static final class Counted implements Runnable, Callable<@Nullable Object> {

		private final Object task;

		private final TaskCount count;

		Counted(Object task, TaskCount count) {
			this.task = task;
			this.count = count;
		}

		@Override
		public void run() {
			this.count.active.incrementAndGet();
			try {
				((Runnable) this.task).run();
			}
			finally {
				ended();
			}
		}

		@Override
		public @Nullable Object call() throws Exception {
			this.count.active.incrementAndGet();
			try {
				return ((Callable<?>) this.task).call();
			}
			finally {
				ended();
			}
		}

		private void ended() {
			this.count.active.decrementAndGet();
			this.count.completed.increment();
		}

		@Override
		public String toString() {
			return this.task.toString();
		}

	}

}
