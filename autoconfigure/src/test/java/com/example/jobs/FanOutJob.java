package com.example.jobs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A traced {@code @Scheduled} job that hands work to Spring Boot's executor and is still
 * running when that task ends.
 */
@Component
public class FanOutJob {

	private final Tracer tracer;

	private final TaskExecutor executor;

	private final List<String> traceIds = new CopyOnWriteArrayList<>();

	private final CountDownLatch runs = new CountDownLatch(4);

	public FanOutJob(Tracer tracer, @Qualifier("applicationTaskExecutor") TaskExecutor executor) {
		this.tracer = tracer;
		this.executor = executor;
	}

	@Scheduled(fixedDelay = 5)
	public void fanOut() throws InterruptedException {
		Span current = this.tracer.currentSpan();
		this.traceIds.add((current != null) ? current.context().traceId() : "none");
		CountDownLatch handedOff = new CountDownLatch(1);
		this.executor.execute(handedOff::countDown);
		handedOff.await(10, TimeUnit.SECONDS);
		this.runs.countDown();
	}

	public List<String> getTraceIds() {
		return this.traceIds;
	}

	public CountDownLatch getRuns() {
		return this.runs;
	}

}
