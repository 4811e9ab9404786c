package io.github.asynctelemetry.autoconfigure;

import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.future.FutureTracker;
import io.github.asynctelemetry.method.AsyncMethodInstrumentationPostProcessor;
import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code async_method} unit: every call of an {@code @Async}
 * method, with the caller's context restored on the worker thread. Backs off, like the
 * other auto-configurations of the starter, without the beans of
 * {@link AsyncTelemetryAutoConfiguration} (when it is excluded or backs off itself): the
 * condition is evaluated when the bean definitions are loaded, after those of
 * {@code AsyncTelemetryAutoConfiguration} and of the application, so it also keeps the
 * post-processor, a static bean method instantiated early, from being registered.
 *
 * @author Async Telemetry team
 */
@AutoConfiguration(after = { AsyncTelemetryAutoConfiguration.class, FutureTelemetryAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = AsyncTelemetryProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnBean({ AsyncUnitRecorder.class, TraceSelection.class, ContextCapture.class, FutureTracker.class })
public final class AsyncMethodTelemetryAutoConfiguration {

	@Bean
	static AsyncMethodInstrumentationPostProcessor asyncMethodInstrumentationPostProcessor(
			ObjectProvider<AsyncUnitRecorder> recorder, ObjectProvider<UnitTracer> tracer,
			ObjectProvider<TraceSelection> selection, ObjectProvider<FutureTracker> futures,
			ObjectProvider<ContextCapture> context) {
		return new AsyncMethodInstrumentationPostProcessor(recorder, tracer, selection, futures, context);
	}

}
