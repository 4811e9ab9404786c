package io.github.asynctelemetry.coroutine;

import io.github.asynctelemetry.future.PublisherFutures;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.unit.FailureLog;
import kotlinx.coroutines.flow.Flow;

/**
 * Makes the Kotlin {@link Flow}s that bean methods declared to return {@code Flow}
 * return {@code future} units: one unit per collection, from its start to its end.
 * <ul>
 * <li>{@code finished}: the flow completed;</li>
 * <li>{@code exception}, or {@code timeout} for {@code withTimeout}: the flow, or the
 * collector, threw;</li>
 * <li>{@code cancelled}: the collection was cancelled, or the collector stopped it early
 * ({@code take(n)}, {@code first()}), which Kotlin does with a cancellation.</li>
 * </ul>
 * A flow never collected is no unit; one collected twice is two units. The caller gets
 * a {@code Flow} that collects the method's flow with the collector it is given, in the
 * collector's own coroutine: every value reaches the collector as it would, on the same
 * thread and in the same context. Hot flows ({@code StateFlow}, {@code SharedFlow}) are
 * declared as such and never end, and are left alone.
 *
 * @author Async Telemetry team
 */
public final class KotlinFlows implements PublisherFutures {

	@Override
	public boolean supports(Class<?> returnType) {
		return returnType == Flow.class;
	}

	@Override
	public Object track(Object publisher, UnitSource source, FailureLog failureLog) {
		return (publisher instanceof Flow<?> flow) ? new UnitFlow<>(flow, source, failureLog) : publisher;
	}

}
