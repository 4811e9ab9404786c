package com.example.jobs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A traced fixed-rate {@code @Scheduled} job.
 */
@Component
public class Ticker {

	private final Tracer tracer;

	private final List<String> spanNames = new CopyOnWriteArrayList<>();

	private final CountDownLatch ticks = new CountDownLatch(3);

	public Ticker(Tracer tracer) {
		this.tracer = tracer;
	}

	@Scheduled(fixedRate = 10)
	public void tick() {
		Span current = this.tracer.currentSpan();
		this.spanNames.add((current != null) ? String.valueOf(current.context().spanId()) : "none");
		this.ticks.countDown();
	}

	public List<String> getSpanIds() {
		return this.spanNames;
	}

	public CountDownLatch getTicks() {
		return this.ticks;
	}

}
