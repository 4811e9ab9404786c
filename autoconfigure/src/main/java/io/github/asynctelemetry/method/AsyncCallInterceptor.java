package io.github.asynctelemetry.method;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import io.github.asynctelemetry.context.AsyncCallHandOff;
import io.github.asynctelemetry.context.CapturedContext;
import io.github.asynctelemetry.names.UserClasses;
import io.github.asynctelemetry.unit.UnitState;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;

/**
 * The caller's side of an {@code @Async} call, placed before Spring's
 * {@code AsyncExecutionInterceptor}: it takes the time of the call and the caller's
 * context, hands them to the {@link AsyncBodyInterceptor} through the invocation,
 * records a refused submission as a {@code rejected} unit on the caller's thread, in the
 * caller's context (within its span when traced), and tracks the returned future as a
 * {@code future} unit from the call. While Spring hands the call to its executor, the
 * caller's context is also offered to the executor instrumentation
 * ({@link AsyncCallHandOff}), which then restores it around the whole task, so that
 * callbacks on the future that Spring completes on the worker run in it, and counts no
 * {@code task} unit for it.
 *
 * @author Async Telemetry team
 */
final class AsyncCallInterceptor implements MethodInterceptor {

	private final UserClasses userClasses;

	private final Class<?> targetClass;

	private final Class<?> beanClass;

	private final Supplier<AsyncMethodTelemetry> telemetry;

	private final Map<Method, AsyncMethodDescriptor> descriptors = new ConcurrentHashMap<>();

	/**
	 * The descriptor of the method called last: a proxy hands over the same
	 * {@code Method} instance on every call, so a bean with one {@code @Async} method
	 * finds its descriptor by one reference comparison.
	 */
	private volatile @Nullable AsyncMethodDescriptor last;

	/**
	 * Create the interceptor of one bean.
	 * @param userClasses the user classes of the application
	 * @param targetClass the class behind the bean's proxies
	 * @param beanClass the class of the bean's outermost proxy
	 * @param telemetry the collaborators, resolved at the first call
	 */
	AsyncCallInterceptor(UserClasses userClasses, Class<?> targetClass, Class<?> beanClass,
			Supplier<AsyncMethodTelemetry> telemetry) {
		this.userClasses = userClasses;
		this.targetClass = targetClass;
		this.beanClass = beanClass;
		this.telemetry = telemetry;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (!(invocation instanceof ProxyMethodInvocation proxyInvocation)
				|| proxyInvocation.getUserAttribute(AsyncCall.ATTRIBUTE) != null) {
			return invocation.proceed();
		}
		AsyncMethodTelemetry telemetry = null;
		AsyncMethodDescriptor descriptor;
		AsyncCall call;
		try {
			telemetry = this.telemetry.get();
			descriptor = descriptor(invocation.getMethod(), telemetry);
			call = new AsyncCall(descriptor, telemetry.lifecycle().now(), telemetry.context().capture());
			proxyInvocation.setUserAttribute(AsyncCall.ATTRIBUTE, call);
		}
		catch (Throwable ex) {
			failed(telemetry, ex);
			return invocation.proceed();
		}
		Object result;
		CapturedContext previous = AsyncCallHandOff.beginSubmitting(call.context);
		try {
			result = invocation.proceed();
		}
		catch (RejectedExecutionException ex) {
			if (call.claim()) {
				descriptor.source.recordAtOnce(UnitState.REJECTED, ex);
			}
			throw ex;
		}
		finally {
			AsyncCallHandOff.endSubmitting(previous);
		}
		if (descriptor.future != null && result instanceof CompletionStage<?> future) {
			telemetry.futures().trackNew(future, descriptor.future, call);
		}
		return result;
	}

	private AsyncMethodDescriptor descriptor(Method method, AsyncMethodTelemetry telemetry) {
		AsyncMethodDescriptor descriptor = this.last;
		if (descriptor != null && descriptor.method == method) {
			return descriptor;
		}
		descriptor = this.descriptors.get(method);
		if (descriptor == null) {
			descriptor = this.descriptors.computeIfAbsent(method,
					(key) -> AsyncMethodDescriptor.of(this.userClasses.of(this.targetClass, this.beanClass, key), key,
							telemetry));
		}
		this.last = descriptor;
		return descriptor;
	}

	private void failed(@Nullable AsyncMethodTelemetry telemetry, Throwable ex) {
		if (telemetry != null) {
			telemetry.lifecycle().getFailureLog().failed("preparing an @Async call", ex);
		}
	}

}
