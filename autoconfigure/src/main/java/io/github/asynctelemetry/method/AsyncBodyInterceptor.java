package io.github.asynctelemetry.method;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.github.asynctelemetry.tracing.UnitSpan;
import io.github.asynctelemetry.unit.AsyncUnitConventions;
import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitState;
import io.micrometer.context.ContextSnapshot;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;

/**
 * The worker's side of an {@code @Async} call, placed after Spring's
 * {@code AsyncExecutionInterceptor} so that it runs on the worker thread: it restores
 * the caller's context that the call captured (the executor instrumentation leaves
 * {@code @Async} calls to it, so the context is captured and restored once per call),
 * opens the span of a selected method, and records the {@code async_method} unit from
 * the start of the body until it returns or throws, or until the future it returns
 * completes.
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
		long startNanos = System.nanoTime();
		if (!(invocation instanceof ProxyMethodInvocation proxyInvocation)
				|| !(proxyInvocation.getUserAttribute(AsyncCall.ATTRIBUTE) instanceof AsyncCall call)) {
			return invocation.proceed();
		}
		proxyInvocation.setUserAttribute(AsyncCall.ATTRIBUTE, null);
		if (!call.claim()) {
			return invocation.proceed();
		}
		AsyncMethodDescriptor descriptor = call.descriptor;
		ContextSnapshot.Scope context = restore(call);
		UnitSpan span = (descriptor.traced) ? start(call, startNanos) : null;
		UnitSpan.Scope inSpan = (span != null) ? span.makeCurrent() : UnitSpan.Scope.NOOP;
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			inSpan.close();
			close(context);
			end(descriptor, span, startNanos, ex);
			throw ex;
		}
		inSpan.close();
		close(context);
		if (result instanceof CompletionStage<?> stage && !isDone(stage)) {
			stage.whenComplete(new Completion(descriptor, span, startNanos));
		}
		else {
			end(descriptor, span, startNanos, null);
		}
		return result;
	}

	private static boolean isDone(CompletionStage<?> stage) {
		return (stage instanceof CompletableFuture<?> future) && future.isDone() && !future.isCompletedExceptionally();
	}

	private ContextSnapshot.@Nullable Scope restore(AsyncCall call) {
		try {
			return call.context.setThreadLocals();
		}
		catch (Throwable ex) {
			this.telemetry.get().recorder().getFailureLog().failed("restoring the caller's context", ex);
			return null;
		}
	}

	private void close(ContextSnapshot.@Nullable Scope context) {
		if (context != null) {
			try {
				context.close();
			}
			catch (Throwable ex) {
				this.telemetry.get().recorder().getFailureLog().failed("restoring the worker's context", ex);
			}
		}
	}

	private @Nullable UnitSpan start(AsyncCall call, long startNanos) {
		UnitSpan span = this.telemetry.get().tracer().start(call.descriptor.unit);
		if (span != null) {
			span.attribute(AsyncUnitConventions.QUEUE_WAIT_ATTRIBUTE,
					(startNanos - call.callNanos) / NANOS_PER_SECOND);
		}
		return span;
	}

	private static void end(AsyncMethodDescriptor descriptor, @Nullable UnitSpan span, long startNanos,
			@Nullable Throwable failure) {
		UnitState state = UnitState.of(failure);
		descriptor.unit.record(state, System.nanoTime() - startNanos);
		if (span != null) {
			span.end(state, failure);
		}
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
			end(this.descriptor, this.span, this.startNanos, failure);
		}

	}

}
