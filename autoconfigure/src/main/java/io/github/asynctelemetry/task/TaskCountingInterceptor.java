package io.github.asynctelemetry.task;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Counts the tasks that the interface proxy of one JDK pool bean hands to the pool
 * ({@link TaskCount}): it sits behind the {@link TaskSubmissionInterceptor}, so that it
 * receives the task as the starter wrapped it, and puts each task, or each task of an
 * {@code invokeAll} or {@code invokeAny} call, in a counting wrapper. The pool's answer
 * and exceptions are passed on as they are.
 *
 * @author Async Telemetry team
 */
final class TaskCountingInterceptor implements MethodInterceptor {

	private final TaskCount count;

	TaskCountingInterceptor(TaskCount count) {
		this.count = count;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		if (arguments.length > 0) {
			if (arguments[0] instanceof Collection<?> tasks) {
				List<Object> counted = new ArrayList<>(tasks.size());
				for (Object task : tasks) {
					counted.add(isTask(task) ? this.count.count(task) : task);
				}
				arguments[0] = counted;
			}
			else if (isTask(arguments[0])) {
				arguments[0] = this.count.count(arguments[0]);
			}
		}
		return invocation.proceed();
	}

	private static boolean isTask(@Nullable Object task) {
		return task instanceof Runnable || task instanceof Callable;
	}

}
