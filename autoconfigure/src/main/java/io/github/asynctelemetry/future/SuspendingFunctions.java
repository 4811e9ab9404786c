package io.github.asynctelemetry.future;

import java.lang.reflect.Method;

import io.github.asynctelemetry.lifecycle.UnitSource;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * The calls of Kotlin {@code suspend} functions of beans as {@code coroutine} units, from
 * the call until the function returns or throws, suspensions included.
 * <p>
 * This type names no Kotlin type, so that the instrumentation of beans loads without
 * Kotlin; an implementation is a bean only when Kotlin coroutines are on the class path,
 * and the instrumentation of beans then also advises their suspend functions.
 *
 * @author Async Telemetry team
 */
public interface SuspendingFunctions {

	/**
	 * Return whether a method is a {@code suspend} function. Asked once per method, when
	 * beans are proxied.
	 * @param method a method of a bean
	 * @return {@code true} when its calls are {@code coroutine} units
	 */
	boolean isSuspending(Method method);

	/**
	 * Proceed with the call of a suspend function as one unit of the given source, and
	 * return what the call returns. Failures of the instrumentation are logged, never
	 * thrown; what the function returns or throws is returned or thrown unchanged.
	 * @param invocation the call of a suspend function
	 * @param source the source of the function's units
	 * @return the result of the call
	 * @throws Throwable what the function throws
	 */
	@Nullable Object proceed(MethodInvocation invocation, UnitSource source) throws Throwable;

}
