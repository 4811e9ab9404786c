package com.example.orders;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.PeriodicTrigger;

/**
 * An application class that submits tasks, for the naming rules.
 */
public class OrderService {

	public CompletableFuture<Void> submitReport(Executor executor, Runnable body) {
		return CompletableFuture.runAsync(body, executor);
	}

	public CompletableFuture<String> quote(Executor executor) {
		return CompletableFuture.supplyAsync(() -> "quote", executor);
	}

	public Future<?> submitInvoice(AsyncTaskExecutor executor, Runnable body) {
		return executor.submit(body);
	}

	public void executeAll(Executor executor, List<Runnable> bodies) {
		bodies.forEach((body) -> executor.execute(() -> body.run()));
	}

	public ScheduledFuture<?> scheduleAudit(TaskScheduler scheduler, Runnable body) {
		return scheduler.schedule(body, new PeriodicTrigger(Duration.ofMillis(5)));
	}

}
