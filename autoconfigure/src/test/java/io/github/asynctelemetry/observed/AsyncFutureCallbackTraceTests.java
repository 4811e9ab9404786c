package io.github.asynctelemetry.observed;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.example.observed.ObservedApplication;
import com.example.observed.Postman;
import io.github.asynctelemetry.testsupport.InMemoryTelemetry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callbacks that the caller registers on the future of an {@code @Async} method run with
 * the caller's trace, as under Spring's own {@code ContextPropagatingTaskDecorator}, and
 * the worker thread is left clean afterwards (DESIGN.md section 7).
 *
 * @author Async Telemetry team
 */
@SpringBootTest(classes = AsyncFutureCallbackTraceTests.CallbackApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "management.tracing.sampling.probability=1.0", "management.otlp.metrics.export.enabled=false",
				"management.tracing.export.enabled=true", "spring.task.execution.pool.core-size=1",
				"spring.task.execution.pool.max-size=1" })
class AsyncFutureCallbackTraceTests {

	@Autowired
	private Tracer tracer;

	@Autowired
	private Postman postman;

	@Autowired
	@Qualifier("applicationTaskExecutor")
	private AsyncTaskExecutor executor;

	@Test
	void callbackRegisteredBeforeTheFutureCompletesSeesTheCallersTrace() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> seenInCallback = new CompletableFuture<>();
		Span caller = this.tracer.nextSpan().name("caller").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(caller)) {
			this.postman.send(release).whenComplete((result, failure) -> seenInCallback.complete(traceIds()));
		}
		finally {
			caller.end();
		}
		assertThat(seenInCallback).isNotDone();
		release.countDown();
		String traceId = caller.context().traceId();
		assertThat(seenInCallback.get(10, TimeUnit.SECONDS)).isEqualTo("span " + traceId + ", mdc " + traceId);
	}

	@Test
	void workerThreadIsCleanAfterAnAsyncCallWhoseFutureHadCallbacks() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> seenInCallback = new CompletableFuture<>();
		Span caller = this.tracer.nextSpan().name("caller").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(caller)) {
			this.postman.send(release).whenComplete((result, failure) -> seenInCallback.complete(traceIds()));
		}
		finally {
			caller.end();
		}
		release.countDown();
		seenInCallback.get(10, TimeUnit.SECONDS);
		assertThat(this.tracer.currentSpan()).isNull();
		assertThat(this.executor.submit(this::traceIds).get(10, TimeUnit.SECONDS))
			.isEqualTo("span none, mdc none");
	}

	private String traceIds() {
		Span current = this.tracer.currentSpan();
		String mdc = MDC.get("traceId");
		return "span " + ((current != null) ? current.context().traceId() : "none") + ", mdc "
				+ ((mdc != null) ? mdc : "none");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@Import({ InMemoryTelemetry.class, ObservedApplication.class, Postman.class })
	static class CallbackApplication {

	}

}
