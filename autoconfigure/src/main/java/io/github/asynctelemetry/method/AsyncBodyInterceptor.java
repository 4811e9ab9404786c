package io.github.asynctelemetry.method;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.github.asynctelemetry.context.AsyncCallHandOff;
import io.github.asynctelemetry.context.CapturedContext;
import io.github.asynctelemetry.tracing.UnitSpan;
import io.github.asynctelemetry.unit.AsyncUnitConventions;
import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitState;
import io.github.asynctelemetry.unit.FailureLog;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;

/**
 * The worker's side of an {@code @Async} call, placed after Spring's
 * {@code AsyncExecutionInterceptor} so that it runs on the worker thread: it restores
 * the caller's context that the call captured, unless the task that carries the call
 * restored it already (an executor the starter covers, see {@code AsyncCallHandOff}), so
 * that the context is captured once and restored once per call; then it starts the
 * clock, opens the span of a selected method, and records the {@code async_method} unit from
 * the start of the body until it returns or throws, or until the future it returns
 * completes. The unit counts as active meanwhile. It is recorded while its span, or for
 * an untraced method the caller's context, is still current, so that a meter registry
 * sampling exemplars gives the duration sample that span; then the scopes are closed on
 * the worker thread, which is left as it was found.
 *
 * @author Async Telemetry team
 */
final class AsyncBodyInterceptor implements MethodInterceptor {

	private static final double NANOS_PER_SECOND = 1_000_000_000.0;

	private final Supplier<AsyncMethodTelemetry> telemetry;

	AsyncBodyInterceptor(Supplier<AsyncMethodTelemetry> telemetry) {
		this.telemetry = telemetry;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (!(invocation instanceof ProxyMethodInvocation proxyInvocation)
				|| !(proxyInvocation.getUserAttribute(AsyncCall.ATTRIBUTE) instanceof AsyncCall call)) {
			return invocation.proceed();
		}
		proxyInvocation.setUserAttribute(AsyncCall.ATTRIBUTE, null);
		if (!call.claim()) {
			return invocation.proceed();
		}
		CapturedContext submitting = AsyncCallHandOff.submitting();
		if (submitting != null) {
			AsyncCallHandOff.beginSubmitting(null);
		}
		CapturedContext.Scope context = (AsyncCallHandOff.restored() == call.context) ? CapturedContext.Scope.NOOP
				: call.context.restore();
		AsyncMethodDescriptor descriptor = call.descriptor;
		long startNanos = System.nanoTime();
		descriptor.unit.start();
		UnitSpan span = (descriptor.traced) ? start(call, startNanos) : null;
		UnitSpan.Scope inSpan = (span != null) ? span.makeCurrent() : UnitSpan.Scope.NOOP;
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			end(descriptor, span, startNanos, ex, inSpan, context);
			throw ex;
		}
		finally {
			if (submitting != null) {
				AsyncCallHandOff.endSubmitting(submitting);
			}
		}
		if (result instanceof CompletionStage<?> stage && !isDone(stage)) {
			follow(stage, new Completion(descriptor, span, startNanos));
			leave(inSpan, context);
		}
		else {
			end(descriptor, span, startNanos, null, inSpan, context);
		}
		return result;
	}

	/**
	 * End a unit whose body returned or threw: record it while its span and the caller's
	 * context are still current (so that a meter registry sampling exemplars gives the
	 * sample the unit's span, or the caller's when the unit is untraced), then leave the
	 * scopes, and end the span.
	 */
	private void end(AsyncMethodDescriptor descriptor, @Nullable UnitSpan span, long startNanos,
			@Nullable Throwable failure, UnitSpan.Scope inSpan, CapturedContext.Scope context) {
		UnitState state = UnitState.of(failure);
		descriptor.unit.end(state, System.nanoTime() - startNanos);
		leave(inSpan, context);
		if (span != null) {
			span.end(state, failure);
		}
	}

	/**
	 * Record the unit when the future the body returned completes. Registered while the
	 * scopes are still open, so that a future already completed exceptionally is
	 * recorded in them at once.
	 */
	private void follow(CompletionStage<?> stage, Completion completion) {
		try {
			stage.whenComplete(completion);
		}
		catch (Throwable ex) {
			completion.descriptor.unit.abandon();
			failureLog().failed("following the future of " + completion.descriptor.unit, ex);
		}
	}

	private static void leave(UnitSpan.Scope inSpan, CapturedContext.Scope context) {
		inSpan.close();
		context.close();
	}

	private FailureLog failureLog() {
		return this.telemetry.get().recorder().getFailureLog();
	}

	private static boolean isDone(CompletionStage<?> stage) {
		return (stage instanceof CompletableFuture<?> future) && future.isDone() && !future.isCompletedExceptionally();
	}

	private @Nullable UnitSpan start(AsyncCall call, long startNanos) {
		UnitSpan span = this.telemetry.get().tracer().start(call.descriptor.unit);
		if (span != null) {
			span.attribute(AsyncUnitConventions.QUEUE_WAIT_ATTRIBUTE,
					(startNanos - call.callNanos) / NANOS_PER_SECOND);
		}
		return span;
	}

	private static final class Completion implements BiConsumer<Object, @Nullable Throwable> {

		private final AsyncMethodDescriptor descriptor;

		private final @Nullable UnitSpan span;

		private final long startNanos;

		Completion(AsyncMethodDescriptor descriptor, @Nullable UnitSpan span, long startNanos) {
			this.descriptor = descriptor;
			this.span = span;
			this.startNanos = startNanos;
		}

		@Override
		public void accept(Object result, @Nullable Throwable failure) {
			UnitSpan.recordInSpan(this.descriptor.unit, true, this.span, UnitState.of(failure),
					System.nanoTime() - this.startNanos, failure);
		}

	}

}
