package io.github.asynctelemetry.method;

import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;

import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitType;
import org.jspecify.annotations.Nullable;

/**
 * Everything decided once per {@code @Async} method: its unit and whether it is traced,
 * and for methods declared to return a {@link CompletionStage} the future unit of the
 * result.
 *
 * @author Async Telemetry team
 */
final class AsyncMethodDescriptor {

	final Method method;

	final AsyncUnit unit;

	final boolean traced;

	final @Nullable AsyncUnit futureUnit;

	final boolean futureTraced;

	private AsyncMethodDescriptor(Method method, AsyncUnit unit, boolean traced, @Nullable AsyncUnit futureUnit,
			boolean futureTraced) {
		this.method = method;
		this.unit = unit;
		this.traced = traced;
		this.futureUnit = futureUnit;
		this.futureTraced = futureTraced;
	}

	/**
	 * Decide everything about a method.
	 * @param userClass the user class of the method, never a generated class
	 * @param method the method
	 * @param telemetry the collaborators
	 * @return the descriptor
	 */
	static AsyncMethodDescriptor of(Class<?> userClass, Method method, AsyncMethodTelemetry telemetry) {
		String name = userClass.getSimpleName() + "." + method.getName();
		AsyncUnit unit = telemetry.recorder().unit(UnitType.ASYNC_METHOD, name);
		boolean traced = telemetry.selection().methods().selectsMethod(userClass, method.getName());
		if (traced) {
			unit.markTraced();
		}
		boolean returnsStage = CompletionStage.class.isAssignableFrom(method.getReturnType());
		AsyncUnit futureUnit = (returnsStage) ? telemetry.recorder().unit(UnitType.FUTURE, name) : null;
		boolean futureTraced = telemetry.selection().futures();
		if (futureUnit != null && futureTraced) {
			futureUnit.markTraced();
		}
		return new AsyncMethodDescriptor(method, unit, traced, futureUnit, futureTraced);
	}

}
