package io.github.asynctelemetry.autoconfigure;

import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.coroutine.KotlinCoroutines;
import io.github.asynctelemetry.coroutine.KotlinFlows;
import io.github.asynctelemetry.future.FutureInstrumentationPostProcessor;
import io.github.asynctelemetry.future.FutureTracker;
import io.github.asynctelemetry.future.PublisherFutures;
import io.github.asynctelemetry.future.SuspendingFunctions;
import io.github.asynctelemetry.lifecycle.UnitLifecycle;
import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.reactive.ReactorFutures;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * Auto-configuration of the {@code future} unit: the {@code CompletableFuture} and
 * {@code CompletionStage} results of the beans in the application's own packages, and
 * of every {@code @Async} method; with Reactor on the class path, their {@code Mono}
 * and {@code Flux} results too; with Kotlin coroutines, their {@code Flow} results, and
 * the {@code coroutine} unit: calls of their {@code suspend} functions. Backs off
 * without the beans of
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
			ObjectProvider<TraceSelection> selection, ObjectProvider<PublisherFutures> publishers,
			ObjectProvider<SuspendingFunctions> suspending) {
		return new FutureInstrumentationPostProcessor(recorder, tracker, selection, publishers, suspending);
	}

	/**
	 * Reactor's {@code Mono} and {@code Flux} results, when Reactor is on the class path.
	 * The bean has no dependency and is infrastructure: the post-processor of futures
	 * asks it which return types it supports while beans are proxied.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "reactor.core.publisher.Mono")
	static class ReactorFuturesConfiguration {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		@ConditionalOnMissingBean
		static ReactorFutures asyncReactorFutures() {
			return new ReactorFutures();
		}

	}

	/**
	 * Kotlin's {@code suspend} functions and {@code Flow} results, when Kotlin coroutines
	 * are on the class path. Infrastructure, as the Reactor one; the suspend functions'
	 * collaborators are resolved at their first call.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "kotlin.coroutines.Continuation", "kotlinx.coroutines.ThreadContextElement" })
	static class KotlinCoroutinesConfiguration {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		@ConditionalOnMissingBean
		static KotlinFlows asyncKotlinFlows() {
			return new KotlinFlows();
		}

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		@ConditionalOnMissingBean(SuspendingFunctions.class)
		static KotlinCoroutines asyncKotlinCoroutines(ObjectProvider<ContextCapture> context,
				ObjectProvider<AsyncUnitRecorder> recorder, ObjectProvider<PublisherFutures> publishers) {
			return new KotlinCoroutines(context, recorder, publishers);
		}

	}

}
