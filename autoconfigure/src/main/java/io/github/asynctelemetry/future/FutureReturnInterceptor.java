package io.github.asynctelemetry.future;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitType;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Tracks the {@link CompletionStage} a bean method returns as a {@code future} unit,
 * from the moment the method returns it. The result is returned unchanged: the caller
 * keeps the original future.
 *
 * @author Async Telemetry team
 */
final class FutureReturnInterceptor implements MethodInterceptor {

	private final Class<?> userClass;

	private final Supplier<FutureTelemetry> telemetry;

	private final Map<Method, AsyncUnit> units = new ConcurrentHashMap<>();

	FutureReturnInterceptor(Class<?> userClass, Supplier<FutureTelemetry> telemetry) {
		this.userClass = userClass;
		this.telemetry = telemetry;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object result = invocation.proceed();
		if (result instanceof CompletionStage<?> future) {
			long startNanos = System.nanoTime();
			FutureTelemetry telemetry = null;
			try {
				telemetry = this.telemetry.get();
				telemetry.tracker().trackOnce(future, unit(invocation.getMethod(), telemetry), telemetry.traced(),
						startNanos);
			}
			catch (Throwable ex) {
				if (telemetry != null) {
					telemetry.failureLog().failed("tracking a returned future", ex);
				}
			}
		}
		return result;
	}

	private AsyncUnit unit(Method method, FutureTelemetry telemetry) {
		AsyncUnit unit = this.units.get(method);
		if (unit == null) {
			unit = this.units.computeIfAbsent(method, (key) -> createUnit(key, telemetry));
		}
		return unit;
	}

	private AsyncUnit createUnit(Method method, FutureTelemetry telemetry) {
		AsyncUnit unit = telemetry.recorder()
			.unit(UnitType.FUTURE, this.userClass.getSimpleName() + "." + method.getName());
		if (telemetry.traced()) {
			unit.markTraced();
		}
		return unit;
	}

}
