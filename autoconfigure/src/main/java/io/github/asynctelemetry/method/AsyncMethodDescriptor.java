package io.github.asynctelemetry.method;

import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;

import io.github.asynctelemetry.lifecycle.UnitLifecycle;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.unit.UnitType;
import org.jspecify.annotations.Nullable;

/**
 * Everything decided once per {@code @Async} method: the source of its
 * {@code async_method} units, with whether they are traced, and for methods declared to
 * return a {@link CompletionStage} the source of the {@code future} unit of the result.
 *
 * @author Async Telemetry team
 */
final class AsyncMethodDescriptor {

	final Method method;

	final UnitSource source;

	final @Nullable UnitSource future;

	private AsyncMethodDescriptor(Method method, UnitSource source, @Nullable UnitSource future) {
		this.method = method;
		this.source = source;
		this.future = future;
	}

	/**
	 * Decide everything about a method.
	 * @param userClass the user class of the method, never a generated class
	 * @param method the method
	 * @param telemetry the collaborators
	 * @return the descriptor
	 */
	static AsyncMethodDescriptor of(Class<?> userClass, Method method, AsyncMethodTelemetry telemetry) {
		UnitLifecycle lifecycle = telemetry.lifecycle();
		String name = method.getName();
		UnitSource source = lifecycle.source(UnitType.ASYNC_METHOD, userClass, name,
				telemetry.selection().methods().selectsMethod(userClass, name));
		UnitSource future = (CompletionStage.class.isAssignableFrom(method.getReturnType()))
				? lifecycle.source(UnitType.FUTURE, userClass, name, telemetry.selection().futures()) : null;
		return new AsyncMethodDescriptor(method, source, future);
	}

}
