package com.example.jobs;

import java.util.concurrent.CompletableFuture;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * An {@code @Async} method on Spring Boot's executor.
 */
@Service
public class Mailer {

	private final Tracer tracer;

	public Mailer(Tracer tracer) {
		this.tracer = tracer;
	}

	@Async
	public CompletableFuture<String> send() {
		Span current = this.tracer.currentSpan();
		return CompletableFuture.completedFuture((current != null) ? current.context().traceId() : "none");
	}

}
