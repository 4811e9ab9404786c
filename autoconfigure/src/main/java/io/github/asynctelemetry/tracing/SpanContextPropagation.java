package io.github.asynctelemetry.tracing;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.contextpropagation.ObservationAwareSpanThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Registers Micrometer Tracing's {@link ObservationAwareSpanThreadLocalAccessor} with the
 * global {@link ContextRegistry}, so that context propagation (the task decorator,
 * Spring's {@code ContextPropagatingTaskDecorator}, Reactor) carries the current span
 * even when it was made current through the {@link Tracer} rather than by an
 * observation: a span of the starter ({@code async ...}, {@code task ...}) or one the
 * application started by hand. Without it, only the current observation propagates, and
 * a task submitted inside such a span would run in the enclosing observation's span.
 * <p>
 * The accessor is registered after the observation accessor, as it requires, and only
 * when no accessor is registered under its key yet; it is removed on shutdown if it is
 * still the registered one.
 *
 * @author Async Telemetry team
 */
public class SpanContextPropagation implements InitializingBean, DisposableBean {

	private final ThreadLocalAccessor<?> accessor;

	private final ContextRegistry contextRegistry;

	private boolean registered;

	/**
	 * Create a registration with the global context registry.
	 * @param tracer the tracer
	 * @param observationRegistry the observation registry, or {@code null}
	 */
	public SpanContextPropagation(Tracer tracer, @Nullable ObservationRegistry observationRegistry) {
		this(ContextRegistry.getInstance(), tracer, observationRegistry);
	}

	SpanContextPropagation(ContextRegistry contextRegistry, Tracer tracer,
			@Nullable ObservationRegistry observationRegistry) {
		this.contextRegistry = contextRegistry;
		this.accessor = new ObservationAwareSpanThreadLocalAccessor(
				(observationRegistry != null) ? observationRegistry : ObservationRegistry.create(), tracer);
	}

	@Override
	public void afterPropertiesSet() {
		synchronized (this.contextRegistry) {
			boolean present = this.contextRegistry.getThreadLocalAccessors()
				.stream()
				.anyMatch((candidate) -> ObservationAwareSpanThreadLocalAccessor.KEY.equals(candidate.key()));
			if (!present) {
				this.contextRegistry.registerThreadLocalAccessor(this.accessor);
				this.registered = true;
			}
		}
	}

	@Override
	public void destroy() {
		synchronized (this.contextRegistry) {
			if (this.registered && this.contextRegistry.getThreadLocalAccessors().contains(this.accessor)) {
				this.contextRegistry.removeThreadLocalAccessor(ObservationAwareSpanThreadLocalAccessor.KEY);
			}
			this.registered = false;
		}
	}

	/**
	 * Return whether this registration added the accessor.
	 * @return {@code true} while the accessor of this registration is registered
	 */
	public boolean isRegistered() {
		return this.registered;
	}

}
