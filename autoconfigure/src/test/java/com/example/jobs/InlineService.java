package com.example.jobs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * An {@code @Async} method on an executor that runs refused calls in the caller, whose
 * body submits a task of its own.
 */
@Service
public class InlineService {

	private final Tracer tracer;

	private final TaskExecutor executor;

	public InlineService(Tracer tracer, @Qualifier("applicationTaskExecutor") TaskExecutor executor) {
		this.tracer = tracer;
		this.executor = executor;
	}

	@Async("callerRunsExecutor")
	public CompletableFuture<Span> work(AtomicReference<Span> seenByTask) {
		CompletableFuture<Span> done = new CompletableFuture<>();
		Span body = this.tracer.currentSpan();
		this.executor.execute(() -> {
			seenByTask.set(this.tracer.currentSpan());
			done.complete(body);
		});
		return done;
	}

}
