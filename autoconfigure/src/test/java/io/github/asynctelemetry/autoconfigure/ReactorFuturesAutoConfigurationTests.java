package io.github.asynctelemetry.autoconfigure;

import io.github.asynctelemetry.future.PublisherFutures;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.reactive.ReactorFutures;
import io.github.asynctelemetry.reactive.app.CatalogService;
import io.github.asynctelemetry.reactive.app.QuoteService;
import io.github.asynctelemetry.testsupport.UnitCounts;
import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the Reactor part of {@link FutureTelemetryAutoConfiguration}: present with
 * Reactor, absent without it, while {@code CompletableFuture} units work either way.
 *
 * @author Async Telemetry team
 */
class ReactorFuturesAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(AsyncTelemetryAutoConfiguration.class, FutureTelemetryAutoConfiguration.class))
		.withUserConfiguration(QuoteApplication.class)
		.withBean("meterRegistry", MeterRegistry.class, SimpleMeterRegistry::new);

	private final ApplicationContextRunner reactiveContextRunner = this.contextRunner
		.withUserConfiguration(CatalogApplication.class);

	@Test
	void monoAndFluxReturnsAreUnitsWithReactorOnTheClassPath() {
		this.reactiveContextRunner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(ReactorFutures.class);
			assertThat(context.getBean(CatalogService.class).item("tea").block()).isEqualTo("item tea");
			assertThat(count(context, "CatalogService.item")).isEqualTo(1);
		});
	}

	@Test
	void withoutReactorNoReactiveBeanIsMadeAndFuturesStillWork() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("reactor.core"))
			.run(this::futuresWorkWithoutReactiveInstrumentation);
	}

	@Test
	void withoutMonoNoReactiveBeanIsMadeAndFuturesStillWork() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Mono.class))
			.run(this::futuresWorkWithoutReactiveInstrumentation);
	}

	private void futuresWorkWithoutReactiveInstrumentation(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed().doesNotHaveBean(ReactorFutures.class);
		assertThat(context.getBean(QuoteService.class).quote("tea").join()).isEqualTo("quote tea");
		assertThat(count(context, "QuoteService.quote")).isEqualTo(1);
	}

	@Test
	void nothingReactiveIsMadeWhenDisabled() {
		this.contextRunner.withPropertyValues("otel.instrumentation.async.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PublisherFutures.class));
	}

	@Test
	void userDefinedPublisherFuturesIsUsedBesideReactors() {
		PublisherFutures own = new PublisherFutures() {

			@Override
			public boolean supports(Class<?> returnType) {
				return false;
			}

			@Override
			public Object track(Object publisher, UnitSource source, FailureLog failureLog) {
				return publisher;
			}

		};
		this.reactiveContextRunner.withBean("ownPublisherFutures", PublisherFutures.class, () -> own)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ReactorFutures.class);
				assertThat(context.getBeansOfType(PublisherFutures.class)).containsValue(own);
				assertThat(context.getBean(CatalogService.class).item("tea").block()).isEqualTo("item tea");
				assertThat(count(context, "CatalogService.item")).isEqualTo(1);
			});
	}

	private static long count(AssertableApplicationContext context, String name) {
		return UnitCounts.recorded(context.getBean(MeterRegistry.class), "future", name);
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = QuoteService.class)
	@Import(QuoteService.class)
	static class QuoteApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@Import(CatalogService.class)
	static class CatalogApplication {

	}

}
