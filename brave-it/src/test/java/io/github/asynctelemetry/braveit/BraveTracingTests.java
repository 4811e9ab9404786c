package io.github.asynctelemetry.braveit;

import java.time.Duration;

import brave.handler.MutableSpan;
import io.github.asynctelemetry.braveit.ReportService.WorkerView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration module in an application that traces with Micrometer Tracing's
 * Brave bridge and has no OpenTelemetry on its class path: a selected {@code @Async}
 * method gets a Brave span, child of the caller's, the worker thread sees the caller's
 * trace in its current span and its logging MDC, and the call is counted.
 *
 * @author Async Telemetry team
 */
class BraveTracingTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Test
	void classPathHasBraveAndNoOpenTelemetry() {
		assertThat(ClassUtils.isPresent("brave.Tracing", null)).isTrue();
		assertThat(ClassUtils.isPresent("io.micrometer.tracing.otel.bridge.OtelTracer", null)).isFalse();
		assertThat(ClassUtils.isPresent("io.opentelemetry.api.OpenTelemetry", null)).isFalse();
	}

	@Test
	void selectedAsyncMethodGetsABraveSpanInTheCallersTraceAndIsCounted() throws Exception {
		try (ConfigurableApplicationContext context = run(
				"otel.instrumentation.async.method-names-to-trace=ReportService.render")) {
			Tracer tracer = context.getBean(Tracer.class);
			assertThat(tracer).isInstanceOf(BraveTracer.class);
			Span caller = tracer.nextSpan().name("caller").start();
			WorkerView worker = renderWithin(caller, context);
			MutableSpan span = context.getBean(FinishedSpans.class).awaitSpan("async ReportService.render", TIMEOUT);
			String traceId = caller.context().traceId();
			assertThat(span.traceId()).isEqualTo(traceId);
			assertThat(span.parentId()).isEqualTo(caller.context().spanId());
			assertThat(worker.thread()).isNotEqualTo(Thread.currentThread().getName());
			assertThat(worker.traceId()).isEqualTo(traceId);
			assertThat(worker.spanId()).isEqualTo(span.id());
			assertThat(worker.mdcTraceId()).isEqualTo(traceId);
			assertThat(context.getBean(MeterRegistry.class)
				.get("asyncio.process.count")
				.tag("type", "async_method")
				.tag("name", "ReportService.render")
				.tag("state", "finished")
				.counter()
				.count()).isEqualTo(1);
		}
	}

	@Test
	void unselectedAsyncMethodGetsNoSpanButSeesTheCallersTrace() throws Exception {
		try (ConfigurableApplicationContext context = run()) {
			Span caller = context.getBean(Tracer.class).nextSpan().name("caller").start();
			WorkerView worker = renderWithin(caller, context);
			assertThat(context.getBean(FinishedSpans.class).awaitSpan("caller", TIMEOUT).traceId())
				.isEqualTo(caller.context().traceId());
			assertThat(worker.spanId()).isEqualTo(caller.context().spanId());
			assertThat(worker.mdcTraceId()).isEqualTo(caller.context().traceId());
		}
	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(BraveApplication.class).web(WebApplicationType.NONE)
			.properties("management.tracing.sampling.probability=1.0")
			.properties(properties)
			.run();
	}

	/**
	 * Call {@link ReportService#render()} with the given span current, then end the span.
	 */
	private static WorkerView renderWithin(Span caller, ConfigurableApplicationContext context) {
		Tracer tracer = context.getBean(Tracer.class);
		try (Tracer.SpanInScope scope = tracer.withSpan(caller)) {
			return context.getBean(ReportService.class).render().join();
		}
		finally {
			caller.end();
		}
	}

}
