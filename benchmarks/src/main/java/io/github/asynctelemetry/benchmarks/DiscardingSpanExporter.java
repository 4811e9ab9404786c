package io.github.asynctelemetry.benchmarks;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * A {@link SpanExporter} that drops every span after counting it and noting its name, so
 * that a benchmark pays for the whole OpenTelemetry SDK pipeline (Spring Boot wraps this
 * exporter in its {@code BatchSpanProcessor}) but not for a network, and can check after
 * the run that the spans it expects were made.
 *
 * @author Async Telemetry team
 */
public class DiscardingSpanExporter implements SpanExporter {

	private final LongAdder exported = new LongAdder();

	private final Set<String> names = ConcurrentHashMap.newKeySet();

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		for (SpanData span : spans) {
			this.names.add(span.getName());
		}
		this.exported.add(spans.size());
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

	/**
	 * Return how many spans reached the exporter.
	 * @return the number of exported spans
	 */
	public long getExported() {
		return this.exported.sum();
	}

	/**
	 * Return the distinct names of the exported spans.
	 * @return the span names
	 */
	public Set<String> getNames() {
		return Set.copyOf(this.names);
	}

}
