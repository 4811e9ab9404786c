package io.github.asynctelemetry.braveit;

import java.util.concurrent.CompletableFuture;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * A service with an {@code @Async} method that tells what its worker thread sees.
 *
 * @author Async Telemetry team
 */
@Service
public class ReportService {

	private final Tracer tracer;

	ReportService(Tracer tracer) {
		this.tracer = tracer;
	}

	/**
	 * Render a report on an executor thread.
	 * @return what the worker thread saw
	 */
	@Async
	public CompletableFuture<WorkerView> render() {
		Span current = this.tracer.currentSpan();
		return CompletableFuture.completedFuture(new WorkerView(Thread.currentThread().getName(), MDC.get("traceId"),
				(current != null) ? current.context().traceId() : null,
				(current != null) ? current.context().spanId() : null));
	}

	/**
	 * What a worker thread saw while it ran the method.
	 *
	 * @param thread the name of the thread
	 * @param mdcTraceId the trace id in the logging MDC
	 * @param traceId the trace id of the current span
	 * @param spanId the id of the current span
	 */
	public record WorkerView(String thread, @Nullable String mdcTraceId, @Nullable String traceId,
			@Nullable String spanId) {

	}

}
