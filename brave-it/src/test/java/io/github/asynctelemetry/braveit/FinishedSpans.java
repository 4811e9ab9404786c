package io.github.asynctelemetry.braveit;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;

/**
 * A Brave {@link SpanHandler} that keeps the spans that end, for a test to wait for.
 *
 * @author Async Telemetry team
 */
class FinishedSpans extends SpanHandler {

	private final BlockingQueue<MutableSpan> spans = new LinkedBlockingQueue<>();

	@Override
	public boolean end(TraceContext context, MutableSpan span, Cause cause) {
		if (cause == Cause.FINISHED) {
			this.spans.add(span);
		}
		return true;
	}

	/**
	 * Wait for the next span of the given name to end, taking the spans that end before
	 * it off the queue.
	 * @param name the span name
	 * @param timeout how long to wait at the most
	 * @return the span
	 * @throws InterruptedException if interrupted while waiting
	 * @throws AssertionError if no span of that name ends in time
	 */
	MutableSpan awaitSpan(String name, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		MutableSpan span;
		do {
			span = this.spans.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (span == null) {
				throw new AssertionError("No span named '" + name + "' ended within " + timeout);
			}
		}
		while (!name.equals(span.name()));
		return span;
	}

}
