package io.github.asynctelemetry.future;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.names.UserClasses;
import io.github.asynctelemetry.unit.UnitType;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Tracks the {@link CompletionStage} a bean method returns as a {@code future} unit,
 * from the moment the method returns it. The result is returned unchanged: the caller
 * keeps the original future. Any other result the method returns is a lazy publisher
 * (the methods advised return nothing else), handed to the {@link PublisherFutures},
 * which give the caller a publisher that is one unit per subscription. A call of a
 * Kotlin {@code suspend} function is a {@code coroutine} unit, measured by the
 * {@link SuspendingFunctions}.
 * <p>
 * One interceptor serves every bean of the application. The unit of a method is
 * decided once per class of the bean behind the proxy and per {@code Method}, and named
 * after the method's {@linkplain UserClasses user class}; a call costs a class-keyed
 * and a method-keyed lookup.
 *
 * @author Async Telemetry team
 */
final class FutureReturnInterceptor implements MethodInterceptor {

	private final UserClasses userClasses;

	private final Supplier<FutureTelemetry> telemetry;

	private final ClassValue<Map<Method, UnitSource>> sources = new SourcesPerClass();

	FutureReturnInterceptor(UserClasses userClasses, Supplier<FutureTelemetry> telemetry) {
		this.userClasses = userClasses;
		this.telemetry = telemetry;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		FutureTelemetry telemetry = null;
		UnitSource source;
		try {
			telemetry = this.telemetry.get();
			source = source(invocation, telemetry);
		}
		catch (Throwable ex) {
			if (telemetry != null) {
				telemetry.failureLog().failed("deciding the unit of a method", ex);
			}
			return invocation.proceed();
		}
		SuspendingFunctions suspending = telemetry.suspending();
		if (suspending != null && source.getUnit().getType() == UnitType.COROUTINE) {
			return suspending.proceed(invocation, source);
		}
		Object result = invocation.proceed();
		if (result instanceof CompletionStage<?> future) {
			try {
				telemetry.tracker().trackOnce(future, source);
			}
			catch (Throwable ex) {
				telemetry.failureLog().failed("tracking a returned future", ex);
			}
		}
		else if (result != null) {
			return trackPublisher(telemetry, source, result);
		}
		return result;
	}

	private Object trackPublisher(FutureTelemetry telemetry, UnitSource source, Object publisher) {
		try {
			PublisherFutures publishers = telemetry.publishers();
			return (publishers != null) ? publishers.track(publisher, source, telemetry.failureLog()) : publisher;
		}
		catch (Throwable ex) {
			telemetry.failureLog().failed("tracking a returned publisher", ex);
			return publisher;
		}
	}

	private UnitSource source(MethodInvocation invocation, FutureTelemetry telemetry) {
		Object target = invocation.getThis();
		Method method = invocation.getMethod();
		Class<?> beanClass = (target != null) ? target.getClass() : method.getDeclaringClass();
		Map<Method, UnitSource> sources = this.sources.get(beanClass);
		UnitSource source = sources.get(method);
		if (source == null) {
			source = sources.computeIfAbsent(method, (key) -> createSource(target, beanClass, key, telemetry));
		}
		return source;
	}

	private UnitSource createSource(@Nullable Object target, Class<?> beanClass, Method method,
			FutureTelemetry telemetry) {
		Class<?> targetClass = (target != null) ? UserClasses.targetClassOf(target) : beanClass;
		Class<?> userClass = this.userClasses.of(targetClass, beanClass, method);
		String name = method.getName();
		SuspendingFunctions suspending = telemetry.suspending();
		if (suspending != null && suspending.isSuspending(method)) {
			return telemetry.tracker()
				.getLifecycle()
				.source(UnitType.COROUTINE, userClass, name, telemetry.selection().methods().selectsMethod(userClass, name));
		}
		return telemetry.tracker()
			.getLifecycle()
			.source(UnitType.FUTURE, userClass, name, telemetry.selection().futures());
	}

	/**
	 * The unit sources of the methods of one class behind a proxy, held by the class
	 * itself.
	 */
	private static final class SourcesPerClass extends ClassValue<Map<Method, UnitSource>> {

		@Override
		protected Map<Method, UnitSource> computeValue(Class<?> type) {
			return new ConcurrentHashMap<>();
		}

	}

}
