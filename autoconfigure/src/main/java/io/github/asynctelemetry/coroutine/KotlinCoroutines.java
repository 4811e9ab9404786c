package io.github.asynctelemetry.coroutine;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.future.PublisherFutures;
import io.github.asynctelemetry.future.SuspendingFunctions;
import io.github.asynctelemetry.lifecycle.UnitObservation;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.tracing.UnitSpan;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.intrinsics.IntrinsicsKt;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.KotlinDetector;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * The calls of Kotlin {@code suspend} functions of beans as {@code coroutine} units.
 * <p>
 * A call captures the caller's context (its context-propagation values), starts its
 * unit and makes the unit's span (if traced) current. The call then proceeds with a
 * {@link UnitContinuation} in place of the caller's continuation, whose coroutine
 * context adds a {@link UnitContextElement} that carries that context and the unit's
 * span, so that the function's code and the coroutines it starts find them current on
 * every thread they resume on ({@code withContext(Dispatchers.Default)} included), and
 * the unit ends when the function ends:
 * <ul>
 * <li>when the function returns or throws without suspending, at once;</li>
 * <li>when it suspended, when it resumes its caller, with the same result;</li>
 * <li>when Spring's proxy calls suspend functions through Reactor (with
 * {@code kotlinx-coroutines-reactor} on the class path), the call returns a
 * {@code Mono} that the proxy then awaits: the unit ends with that {@code Mono}'s
 * terminal signal, through the {@link PublisherFutures}.</li>
 * </ul>
 * The result and the exception reach the caller unchanged: the caller's continuation
 * is resumed with the function's own result. No context element is added to the
 * context of an untraced call when there is no context to carry.
 * <p>
 * The collaborators are resolved at the first call, so that the bean, which the
 * post-processor of beans asks which methods are suspend functions, depends on nothing
 * while beans are proxied.
 *
 * @author Async Telemetry team
 */
public final class KotlinCoroutines implements SuspendingFunctions {

	/**
	 * Whether Spring's AOP proxies call suspend functions through Reactor, and hand the
	 * interceptors a publisher: decided by the same class as in Spring.
	 */
	private static final boolean THROUGH_REACTOR = ClassUtils.isPresent("kotlinx.coroutines.reactor.MonoKt",
			AopProxy.class.getClassLoader());

	private final Supplier<Collaborators> collaborators;

	/**
	 * Create the instrumentation of suspend functions.
	 * @param context the capture of the caller's context
	 * @param recorder the recorder of meters, whose log takes the instrumentation's
	 * failures
	 * @param publishers the trackers of returned publishers
	 */
	public KotlinCoroutines(ObjectProvider<ContextCapture> context, ObjectProvider<AsyncUnitRecorder> recorder,
			ObjectProvider<PublisherFutures> publishers) {
		this.collaborators = SingletonSupplier.of(() -> new Collaborators(context.getObject(),
				recorder.getObject().getFailureLog(), PublisherFutures.of(publishers.orderedStream().toList())));
	}

	@Override
	public boolean isSuspending(Method method) {
		return KotlinDetector.isSuspendingFunction(method);
	}

	@Override
	@SuppressWarnings("unchecked")
	public @Nullable Object proceed(MethodInvocation invocation, UnitSource source) throws Throwable {
		Object[] arguments = invocation.getArguments();
		if (arguments.length == 0 || !(arguments[arguments.length - 1] instanceof Continuation<?> caller)) {
			return invocation.proceed();
		}
		Collaborators collaborators;
		UnitObservation observation;
		UnitSpan.Scope inSpan;
		UnitContinuation continuation;
		try {
			collaborators = this.collaborators.get();
			UnitContextElement element;
			if (source.isTraced()) {
				observation = source.start();
				UnitObservation unit = observation;
				element = collaborators.context()
					.capture((accessors, values, log) -> new UnitContextElement.Traced(accessors, values, log, unit),
							true);
			}
			else {
				element = collaborators.context().capture(UnitContextElement::new, false);
				observation = source.start();
			}
			inSpan = observation.makeCurrent();
			continuation = new UnitContinuation((Continuation<Object>) caller, observation, element);
			arguments[arguments.length - 1] = continuation;
		}
		catch (Throwable ex) {
			failed(ex);
			return invocation.proceed();
		}
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			continuation.end(ex);
			inSpan.close();
			throw ex;
		}
		if (result != IntrinsicsKt.getCOROUTINE_SUSPENDED()) {
			Object tracked = (THROUGH_REACTOR && result != null) ? trackStarted(result, observation, collaborators)
					: null;
			if (tracked != null) {
				result = tracked;
			}
			else {
				continuation.end(null);
			}
		}
		inSpan.close();
		return result;
	}

	private @Nullable Object trackStarted(Object result, UnitObservation observation, Collaborators collaborators) {
		PublisherFutures publishers = collaborators.publishers();
		if (publishers == null) {
			return null;
		}
		try {
			return publishers.trackStarted(result, observation, collaborators.failureLog());
		}
		catch (Throwable ex) {
			collaborators.failureLog().failed("tracking the publisher of a suspend call", ex);
			return null;
		}
	}

	/**
	 * Log a failure to start a unit, when the collaborators that include the log could
	 * be resolved (a failure to resolve them is the failure, and goes unlogged).
	 */
	private void failed(Throwable failure) {
		try {
			this.collaborators.get().failureLog().failed("starting the unit of a suspend call", failure);
		}
		catch (Throwable ex) {
			// no log to write to
		}
	}

	/**
	 * What the calls need, resolved at the first call.
	 */
	private record Collaborators(ContextCapture context, FailureLog failureLog,
			@Nullable PublisherFutures publishers) {
	}

}
