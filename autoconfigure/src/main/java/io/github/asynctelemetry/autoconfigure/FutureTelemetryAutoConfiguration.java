package io.github.asynctelemetry.autoconfigure;

import io.github.asynctelemetry.future.FutureInstrumentationPostProcessor;
import io.github.asynctelemetry.future.FutureTracker;
import io.github.asynctelemetry.lifecycle.UnitLifecycle;
import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code future} unit: the {@code CompletableFuture} and
 * {@code CompletionStage} results of the beans in the application's own packages, and
 * of every {@code @Async} method. Backs off without the beans of
 * {@link AsyncTelemetryAutoConfiguration}.
 *
 * @author Async Telemetry team
 */
@AutoConfiguration(after = AsyncTelemetryAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = AsyncTelemetryProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnBean({ AsyncUnitRecorder.class, TraceSelection.class })
public final class FutureTelemetryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FutureTracker asyncFutureTracker(AsyncUnitRecorder recorder, ObjectProvider<UnitTracer> tracer) {
		return new FutureTracker(new UnitLifecycle(recorder, tracer.getIfAvailable(() -> UnitTracer.NOOP)));
	}

	@Bean
	static FutureInstrumentationPostProcessor asyncFutureInstrumentationPostProcessor(
			ObjectProvider<AsyncUnitRecorder> recorder, ObjectProvider<FutureTracker> tracker,
			ObjectProvider<TraceSelection> selection) {
		return new FutureInstrumentationPostProcessor(recorder, tracker, selection);
	}

}
