package io.github.asynctelemetry.autoconfigure;

import io.github.asynctelemetry.coroutine.KotlinCoroutines;
import io.github.asynctelemetry.coroutine.KotlinFlows;
import io.github.asynctelemetry.future.SuspendingFunctions;
import io.github.asynctelemetry.reactive.ReactorFutures;
import io.github.asynctelemetry.reactive.app.CatalogService;
import io.github.asynctelemetry.reactive.app.QuoteService;
import io.github.asynctelemetry.testsupport.UnitCounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the Kotlin coroutine part of {@link FutureTelemetryAutoConfiguration}: made
 * with Kotlin coroutines on the class path, left out without Kotlin or without its
 * coroutines, with the rest of the starter unchanged.
 *
 * @author Async Telemetry team
 */
class KotlinCoroutinesAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(AsyncTelemetryAutoConfiguration.class, FutureTelemetryAutoConfiguration.class))
		.withUserConfiguration(ShopApplication.class)
		.withBean("meterRegistry", MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void suspendFunctionsAndFlowsAreUnitsWithKotlinCoroutinesOnTheClassPath() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(KotlinCoroutines.class)
			.hasSingleBean(KotlinFlows.class)
			.hasSingleBean(ReactorFutures.class));
	}

	@Test
	void withoutKotlinCoroutinesNothingOfThemIsMadeAndTheRestWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("kotlinx.coroutines"))
			.run(this::worksWithoutKotlinCoroutines);
	}

	@Test
	void withoutKotlinNothingOfItIsMadeAndTheRestWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("kotlin.", "kotlinx."))
			.run(this::worksWithoutKotlinCoroutines);
	}

	@Test
	void nothingOfKotlinIsMadeWhenDisabled() {
		this.contextRunner.withPropertyValues("otel.instrumentation.async.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SuspendingFunctions.class)
				.doesNotHaveBean(KotlinFlows.class));
	}

	private void worksWithoutKotlinCoroutines(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed()
			.doesNotHaveBean(SuspendingFunctions.class)
			.doesNotHaveBean(KotlinFlows.class)
			.hasSingleBean(ReactorFutures.class);
		assertThat(context.getBean(QuoteService.class).quote("tea").join()).isEqualTo("quote tea");
		assertThat(context.getBean(CatalogService.class).item("tea").block()).isEqualTo("item tea");
		assertThat(count(context, "QuoteService.quote")).isEqualTo(1);
		assertThat(count(context, "CatalogService.item")).isEqualTo(1);
	}

	private static long count(AssertableApplicationContext context, String name) {
		return UnitCounts.recorded(context.getBean(MeterRegistry.class), "future", name);
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = QuoteService.class)
	@Import({ QuoteService.class, CatalogService.class })
	static class ShopApplication {

	}

}
