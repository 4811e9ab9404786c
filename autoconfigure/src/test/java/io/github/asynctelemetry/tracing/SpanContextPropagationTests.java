package io.github.asynctelemetry.tracing;

import io.micrometer.context.ContextRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.contextpropagation.ObservationAwareSpanThreadLocalAccessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SpanContextPropagation}.
 */
class SpanContextPropagationTests {

	private final ContextRegistry contextRegistry = new ContextRegistry();

	@Test
	void registersTheSpanAccessorAndRemovesItOnShutdown() {
		SpanContextPropagation propagation = new SpanContextPropagation(this.contextRegistry, Tracer.NOOP, null);
		propagation.afterPropertiesSet();
		assertThat(propagation.isRegistered()).isTrue();
		assertThat(spanAccessors()).isOne();
		propagation.destroy();
		assertThat(spanAccessors()).isZero();
	}

	@Test
	void leavesAnAccessorRegisteredByOthersAlone() {
		ObservationAwareSpanThreadLocalAccessor existing = new ObservationAwareSpanThreadLocalAccessor(Tracer.NOOP);
		this.contextRegistry.registerThreadLocalAccessor(existing);
		SpanContextPropagation propagation = new SpanContextPropagation(this.contextRegistry, Tracer.NOOP, null);
		propagation.afterPropertiesSet();
		assertThat(propagation.isRegistered()).isFalse();
		propagation.destroy();
		assertThat(this.contextRegistry.getThreadLocalAccessors()).containsExactly(existing);
	}

	private long spanAccessors() {
		return this.contextRegistry.getThreadLocalAccessors()
			.stream()
			.filter((accessor) -> ObservationAwareSpanThreadLocalAccessor.KEY.equals(accessor.key()))
			.count();
	}

}
