package io.github.asynctelemetry.task;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

import org.springframework.util.Assert;

/**
 * Gives executor tasks an explicit name, the first of the task naming rules. The name
 * travels with the task and is read when the task is submitted to an instrumented
 * executor or scheduler, whatever the method ({@code execute}, {@code submit},
 * {@code submitCompletable}, {@code schedule...}):
 * <pre class="code">
 * executor.execute(AsyncTasks.named("report-render", () -&gt; render(report)));
 * Future&lt;Pdf&gt; pdf = executor.submit(AsyncTasks.named("invoice-pdf", () -&gt; toPdf(invoice)));
 * </pre>
 * For submissions that wrap the task before the executor sees it, such as
 * {@code CompletableFuture.supplyAsync(supplier, executor)}, name the executor instead:
 * every task submitted through the returned view carries the name.
 * <pre class="code">
 * CompletableFuture.supplyAsync(() -&gt; quote(order), AsyncTasks.named("price-quote", executor));
 * </pre>
 * Names should be few and stable: past {@code max-task-names} distinct names, further
 * names are recorded as {@code other}. A named task that an executor hides in a wrapper
 * of its own before the starter sees it ({@code submit} makes a {@code FutureTask}) is
 * named when it starts.
 * <p>
 * Cost: one small object per named task, and a thread-local read when it runs.
 *
 * @author Async Telemetry team
 */
public final class AsyncTasks {

	private AsyncTasks() {
	}

	/**
	 * Return a task that runs the given one under an explicit task name.
	 * @param name the task name, for example {@code report-render}
	 * @param task the task
	 * @return the named task
	 */
	public static Runnable named(String name, Runnable task) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(task, "'task' must not be null");
		return new NamedRunnable(name, task);
	}

	/**
	 * Return a task that calls the given one under an explicit task name.
	 * @param <V> the result type
	 * @param name the task name, for example {@code report-render}
	 * @param task the task
	 * @return the named task
	 */
	public static <V> Callable<V> named(String name, Callable<V> task) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(task, "'task' must not be null");
		return new NamedCallable<>(name, task);
	}

	/**
	 * Return a view of the given executor that names every task submitted through it.
	 * @param name the task name, for example {@code price-quote}
	 * @param executor the executor that runs the tasks
	 * @return the naming view of the executor
	 */
	public static Executor named(String name, Executor executor) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(executor, "'executor' must not be null");
		return (task) -> executor.execute(new NamedRunnable(name, task));
	}

	/**
	 * A task that carries an explicit name.
	 */
	interface NamedTask {

		String taskName();

		Object task();

	}

	private record NamedRunnable(String taskName, Runnable task) implements Runnable, NamedTask {

		@Override
		public void run() {
			InstrumentedTask.nameRunning(this);
			this.task.run();
		}

	}

	private record NamedCallable<V>(String taskName, Callable<V> task) implements Callable<V>, NamedTask {

		@Override
		public V call() throws Exception {
			InstrumentedTask.nameRunning(this);
			return this.task.call();
		}

	}

}
