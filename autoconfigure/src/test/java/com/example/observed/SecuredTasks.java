package com.example.observed;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Application code that hands work to an executor and reads, inside the task, who the
 * caller was.
 */
public class SecuredTasks {

	/**
	 * Execute a task that notes the name of the authenticated caller it sees.
	 * @param executor the executor
	 * @param seen where the task notes the name
	 * @param done counted down when the task has run
	 */
	public void executeAudit(AsyncTaskExecutor executor, AtomicReference<String> seen, CountDownLatch done) {
		executor.execute(() -> {
			seen.set(currentUser());
			done.countDown();
		});
	}

	/**
	 * Submit a task that returns the name of the authenticated caller it sees.
	 * @param executor the executor
	 * @return the task's result
	 */
	public Future<String> submitAudit(AsyncTaskExecutor executor) {
		return executor.submit(SecuredTasks::currentUser);
	}

	static String currentUser() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null) ? authentication.getName() : "anonymous";
	}

}
