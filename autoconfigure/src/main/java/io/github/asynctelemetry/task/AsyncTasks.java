package io.github.asynctelemetry.task;

import java.util.concurrent.Callable;

import io.github.asynctelemetry.tracing.UnitSpan;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Gives executor tasks an explicit name, the first of the task naming rules. Two forms:
 * <ul>
 * <li>{@link #named(String, Runnable)} and {@link #named(String, Callable)} wrap a task
 * so that it carries its name wherever it is submitted, including through
 * {@code submit(...)}, which hides the task inside a {@code FutureTask} before the
 * executor sees it:
 * <pre class="code">
 * executor.execute(AsyncTasks.named("report-render", () -&gt; render(report)));
 * Future&lt;Pdf&gt; pdf = executor.submit(AsyncTasks.named("report-render", () -&gt; render(report)));
 * </pre></li>
 * <li>{@link #naming(String)} names every task submitted by the current thread until the
 * returned scope is closed, for submissions that wrap the task in ways the starter cannot
 * see into, such as {@code CompletableFuture.supplyAsync(supplier, executor)}:
 * <pre class="code">
 * try (AsyncTasks.Naming naming = AsyncTasks.naming("price-quote")) {
 *     return CompletableFuture.supplyAsync(() -&gt; quote(order), executor);
 * }
 * </pre></li>
 * </ul>
 * A wrapped task is named before its body starts: when the executor sees the wrapper
 * itself ({@code execute}), at submission; otherwise when the wrapper starts on the
 * worker thread, so that a span a task name selects starts there. Either way the name
 * replaces every other rule for the meters and the span. One consequence of naming on
 * the worker thread: a task that the executor refuses is counted under the name known at
 * submission (the submitting method). Use {@code execute} or {@link #naming(String)}
 * where that matters; and when the name known at submission is itself traced, the span
 * already started under it is renamed. A wrapper that is run directly inside another task names that task. Names
 * should be few and stable: past {@code max-task-names} distinct names, further names
 * are recorded as {@code other}.
 * <p>
 * Costs: one small object per wrapper; the scope costs a thread-local read per
 * submission.
 *
 * @author Async Telemetry team
 */
public final class AsyncTasks {

	private static final ThreadLocal<@Nullable String> scopedName = new ThreadLocal<>();

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
	 * Name every task submitted by the current thread until the returned scope is
	 * closed. Scopes nest; closing one restores the name of the enclosing scope.
	 * @param name the task name
	 * @return the scope to close
	 */
	public static Naming naming(String name) {
		Assert.hasText(name, "'name' must not be empty");
		String previous = scopedName.get();
		scopedName.set(name);
		return new Naming(previous);
	}

	/**
	 * Return the name of the innermost open {@link #naming(String)} scope of the calling
	 * thread.
	 */
	static @Nullable String scopedName() {
		return scopedName.get();
	}

	/**
	 * A scope opened by {@link #naming(String)}.
	 */
	public static final class Naming implements AutoCloseable {

		private final @Nullable String previous;

		private boolean closed;

		private Naming(@Nullable String previous) {
			this.previous = previous;
		}

		/**
		 * Stop naming tasks submitted by the current thread with this scope's name.
		 */
		@Override
		public void close() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (this.previous != null) {
				scopedName.set(this.previous);
			}
			else {
				scopedName.remove();
			}
		}

	}

	/**
	 * A task that carries an explicit name.
	 */
	interface NamedTask {

		String taskName();

	}

	private static final class NamedRunnable implements Runnable, NamedTask {

		private final String name;

		private final Runnable task;

		NamedRunnable(String name, Runnable task) {
			this.name = name;
			this.task = task;
		}

		@Override
		public String taskName() {
			return this.name;
		}

		@Override
		public void run() {
			TaskRun run = TaskRun.current();
			if (run == null) {
				this.task.run();
				return;
			}
			UnitSpan.Scope scope = run.nameExplicitly(this.name);
			try {
				this.task.run();
			}
			catch (Throwable ex) {
				run.failed(ex);
				throw ex;
			}
			finally {
				scope.close();
			}
		}

		@Override
		public String toString() {
			return "task '" + this.name + "' " + this.task;
		}

	}

	private static final class NamedCallable<V> implements Callable<V>, NamedTask {

		private final String name;

		private final Callable<V> task;

		NamedCallable(String name, Callable<V> task) {
			this.name = name;
			this.task = task;
		}

		@Override
		public String taskName() {
			return this.name;
		}

		@Override
		public V call() throws Exception {
			TaskRun run = TaskRun.current();
			if (run == null) {
				return this.task.call();
			}
			UnitSpan.Scope scope = run.nameExplicitly(this.name);
			try {
				return this.task.call();
			}
			catch (Throwable ex) {
				run.failed(ex);
				throw ex;
			}
			finally {
				scope.close();
			}
		}

		@Override
		public String toString() {
			return "task '" + this.name + "' " + this.task;
		}

	}

}
