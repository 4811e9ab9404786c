package io.github.asynctelemetry.tracing;

import java.util.concurrent.CompletionException;

import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.github.asynctelemetry.unit.UnitState;
import io.github.asynctelemetry.unit.UnitType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link MicrometerUnitTracer}, against the OpenTelemetry SDK through the
 * Micrometer Tracing bridge.
 *
 * @author Async Telemetry team
 */
class MicrometerUnitTracerTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
		.build();

	private final Tracer tracer = new OtelTracer(this.tracerProvider.get("test"), new OtelCurrentTraceContext(),
			(event) -> {
			});

	private final FailureLog failureLog = new FailureLog();

	private final MicrometerUnitTracer unitTracer = new MicrometerUnitTracer(this.tracer, this.failureLog);

	private final AsyncUnitRecorder recorder = new AsyncUnitRecorder(new SimpleMeterRegistry(), new FailureLog());

	@AfterEach
	void closeTracerProvider() {
		this.tracerProvider.close();
	}

	@Test
	void spanIsNamedAfterTheUnitAndCarriesItsTypeNameAndState() {
		UnitSpan span = this.unitTracer.start(unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail"));
		assertThat(span).isNotNull();
		span.end(UnitState.FINISHED, null);
		SpanData data = onlySpan();
		assertThat(data.getName()).isEqualTo("async OrderService.sendEmail");
		assertThat(data.getAttributes().get(AttributeKey.stringKey("asyncio.type"))).isEqualTo("async_method");
		assertThat(data.getAttributes().get(AttributeKey.stringKey("asyncio.name")))
			.isEqualTo("OrderService.sendEmail");
		assertThat(data.getAttributes().get(AttributeKey.stringKey("asyncio.state"))).isEqualTo("finished");
		assertThat(data.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
		assertThat(data.getEvents()).isEmpty();
		assertThat(data.hasEnded()).isTrue();
	}

	@Test
	void taskAndFutureSpansAreNamedAfterTheirType() {
		this.unitTracer.start(unit(UnitType.TASK, "report-render")).end(UnitState.FINISHED, null);
		this.unitTracer.start(unit(UnitType.FUTURE, "PriceService.quote")).end(UnitState.TIMEOUT, null);
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("task report-render", "future PriceService.quote");
		assertThat(this.exporter.getFinishedSpanItems())
			.extracting((data) -> data.getAttributes().get(AttributeKey.stringKey("asyncio.state")))
			.containsExactly("finished", "timeout");
	}

	@Test
	void spanIsNotExportedBeforeItEnds() {
		UnitSpan span = this.unitTracer.start(unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail"));
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		span.end(UnitState.FINISHED, null);
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
	}

	@Test
	void failureSetsErrorStatusAndRecordsTheUnwrappedException() {
		UnitSpan span = this.unitTracer.start(unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail"));
		span.end(UnitState.EXCEPTION, new CompletionException(new IllegalStateException("boom")));
		SpanData data = onlySpan();
		assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(data.getAttributes().get(AttributeKey.stringKey("asyncio.state"))).isEqualTo("exception");
		assertThat(data.getEvents()).singleElement().satisfies((event) -> {
			assertThat(event.getName()).isEqualTo("exception");
			assertThat(attribute(event, "exception.type")).isEqualTo(IllegalStateException.class.getName());
			assertThat(attribute(event, "exception.message")).isEqualTo("boom");
		});
	}

	@Test
	void parentIsTheSpanCurrentWhenTheUnitStarts() {
		Span caller = this.tracer.nextSpan().name("caller").start();
		UnitSpan span;
		try (Tracer.SpanInScope inScope = this.tracer.withSpan(caller)) {
			span = this.unitTracer.start(unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail"));
		}
		span.end(UnitState.FINISHED, null);
		caller.end();
		SpanData data = span("async OrderService.sendEmail");
		assertThat(data.getParentSpanId()).isEqualTo(caller.context().spanId());
		assertThat(data.getTraceId()).isEqualTo(caller.context().traceId());
	}

	@Test
	void spanIsRootWithoutCurrentSpan() {
		this.unitTracer.start(unit(UnitType.TASK, "report-render")).end(UnitState.FINISHED, null);
		assertThat(onlySpan().getParentSpanContext().isValid()).isFalse();
	}

	@Test
	void startingDoesNotMakeTheSpanCurrent() {
		UnitSpan span = this.unitTracer.start(unit(UnitType.TASK, "report-render"));
		assertThat(this.tracer.currentSpan()).isNull();
		span.end(UnitState.FINISHED, null);
	}

	@Test
	void spansMadeWhileCurrentAreChildrenAndScopeRestoresThePreviousSpan() {
		Span caller = this.tracer.nextSpan().name("caller").start();
		try (Tracer.SpanInScope inScope = this.tracer.withSpan(caller)) {
			UnitSpan span = this.unitTracer.start(unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail"));
			try (UnitSpan.Scope scope = span.makeCurrent()) {
				this.tracer.nextSpan().name("inside").start().end();
			}
			assertThat(this.tracer.currentSpan().context().spanId()).isEqualTo(caller.context().spanId());
			span.end(UnitState.FINISHED, null);
		}
		caller.end();
		assertThat(this.tracer.currentSpan()).isNull();
		SpanData unitSpan = span("async OrderService.sendEmail");
		assertThat(span("inside").getParentSpanId()).isEqualTo(unitSpan.getSpanId());
	}

	@Test
	void closingTheScopeLeavesTheThreadClean() {
		UnitSpan span = this.unitTracer.start(unit(UnitType.TASK, "report-render"));
		try (UnitSpan.Scope scope = span.makeCurrent()) {
			assertThat(this.tracer.currentSpan()).isNotNull();
		}
		assertThat(this.tracer.currentSpan()).isNull();
		span.end(UnitState.FINISHED, null);
	}

	@Test
	void numericAttributeIsRecorded() {
		UnitSpan span = this.unitTracer.start(unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail"));
		span.attribute("asyncio.queue_wait", 0.25);
		span.end(UnitState.FINISHED, null);
		assertThat(onlySpan().getAttributes().get(AttributeKey.doubleKey("asyncio.queue_wait"))).isEqualTo(0.25);
	}

	@Test
	void tracerThatThrowsOnNextSpanGivesNoSpanAndIsLogged() {
		Tracer broken = mock(Tracer.class);
		given(broken.nextSpan()).willThrow(new IllegalStateException("tracer down"));
		MicrometerUnitTracer unitTracer = new MicrometerUnitTracer(broken, this.failureLog);
		assertThat(unitTracer.start(unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail"))).isNull();
		assertThat(this.failureLog.hasFailed()).isTrue();
	}

	@Test
	void spanThatThrowsNeverReachesTheCaller() {
		Span brokenSpan = mock(Span.class);
		given(brokenSpan.name(anyString())).willReturn(brokenSpan);
		given(brokenSpan.tag(anyString(), anyString())).willReturn(brokenSpan);
		given(brokenSpan.start()).willReturn(brokenSpan);
		given(brokenSpan.tag(anyString(), anyDouble())).willThrow(new IllegalStateException("tag"));
		willThrow(new IllegalStateException("end")).given(brokenSpan).end();
		Tracer broken = mock(Tracer.class);
		given(broken.nextSpan()).willReturn(brokenSpan);
		given(broken.withSpan(any())).willThrow(new IllegalStateException("scope"));
		MicrometerUnitTracer unitTracer = new MicrometerUnitTracer(broken, this.failureLog);
		UnitSpan span = unitTracer.start(unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail"));
		assertThat(span).isNotNull();
		assertThat(this.failureLog.hasFailed()).isFalse();
		assertThat(span.makeCurrent()).isSameAs(UnitSpan.Scope.NOOP);
		assertThat(this.failureLog.hasFailed()).isTrue();
		assertThatNoException().isThrownBy(() -> span.attribute("asyncio.queue_wait", 0.25));
		assertThatNoException().isThrownBy(() -> span.end(UnitState.EXCEPTION, new IllegalStateException("boom")));
	}

	@Test
	void scopeThatThrowsOnCloseNeverReachesTheCaller() {
		Tracer.SpanInScope brokenScope = mock(Tracer.SpanInScope.class);
		willThrow(new IllegalStateException("close")).given(brokenScope).close();
		Span span = this.tracer.nextSpan();
		Tracer broken = mock(Tracer.class);
		given(broken.nextSpan()).willReturn(span);
		given(broken.withSpan(any())).willReturn(brokenScope);
		MicrometerUnitTracer unitTracer = new MicrometerUnitTracer(broken, this.failureLog);
		UnitSpan unitSpan = unitTracer.start(unit(UnitType.TASK, "report-render"));
		UnitSpan.Scope scope = unitSpan.makeCurrent();
		assertThatNoException().isThrownBy(scope::close);
		assertThat(this.failureLog.hasFailed()).isTrue();
		unitSpan.end(UnitState.FINISHED, null);
	}

	@Test
	void noopTracerStartsNoSpan() {
		assertThat(UnitTracer.NOOP.start(unit(UnitType.TASK, "report-render"))).isNull();
	}

	private AsyncUnit unit(UnitType type, String name) {
		return this.recorder.unit(type, name);
	}

	private SpanData onlySpan() {
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		return this.exporter.getFinishedSpanItems().get(0);
	}

	private SpanData span(String name) {
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((data) -> data.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No span named '" + name + "' in "
					+ this.exporter.getFinishedSpanItems()));
	}

	private static String attribute(EventData event, String key) {
		return event.getAttributes().get(AttributeKey.stringKey(key));
	}

}
