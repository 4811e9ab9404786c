package io.github.asynctelemetry.method;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.github.asynctelemetry.context.AsyncCallHandOff;
import io.github.asynctelemetry.context.CapturedContext;
import io.github.asynctelemetry.lifecycle.UnitObservation;
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
 * method's {@code async_method} unit ({@code UnitSource#startHere()}: the span of a
 * selected method, the clock last), which ends when the body returns or throws, or when
 * the future it returns completes. The thread is left as it was found.
 *
 * @author Async Telemetry team
 */
final class AsyncBodyInterceptor implements MethodInterceptor {

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
		UnitObservation observation = call.descriptor.source
			.startHere((Thread.currentThread() != call.caller) ? call.callNanos : 0);
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			observation.finish(ex);
			context.close();
			throw ex;
		}
		finally {
			if (submitting != null) {
				AsyncCallHandOff.endSubmitting(submitting);
			}
		}
		if (result instanceof CompletionStage<?> stage && !isDone(stage)) {
			observation.leave();
			follow(stage, observation);
		}
		else {
			observation.finish(null);
		}
		context.close();
		return result;
	}

	/**
	 * Finish the unit when the future the body returned completes. Registered while the
	 * caller's context is still current, so that a future already completed
	 * exceptionally is recorded in it at once.
	 */
	private void follow(CompletionStage<?> stage, UnitObservation observation) {
		try {
			stage.whenComplete((result, failure) -> observation.finish(failure));
		}
		catch (Throwable ex) {
			observation.abandon();
			this.telemetry.get().lifecycle().getFailureLog().failed("following the future of " + observation, ex);
		}
	}

	private static boolean isDone(CompletionStage<?> stage) {
		return (stage instanceof CompletableFuture<?> future) && future.isDone() && !future.isCompletedExceptionally();
	}

}
