package io.github.asynctelemetry.autoconfigure;

import java.util.concurrent.CompletableFuture;

import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint;
import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.future.FutureInstrumentationPostProcessor;
import io.github.asynctelemetry.future.FutureTracker;
import io.github.asynctelemetry.method.AsyncMethodInstrumentationPostProcessor;
import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.task.ExecutorInstrumentationPostProcessor;
import io.github.asynctelemetry.task.TaskInstrumentation;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the auto-configurations of the units and of the endpoint back off with the
 * core {@link AsyncTelemetryAutoConfiguration}, whose beans they need: when it is
 * excluded, the application starts without any of the starter's beans.
 *
 * @author Async Telemetry team
 */
class AsyncTelemetryBackOffTests {

	private static final Class<?>[] STARTER_BEANS = { AsyncUnitRecorder.class, TraceSelection.class,
			ContextCapture.class, UnitTracer.class, FutureTracker.class, TaskInstrumentation.class,
			AsyncMethodInstrumentationPostProcessor.class, FutureInstrumentationPostProcessor.class,
			ExecutorInstrumentationPostProcessor.class, AsyncTelemetryEndpoint.class };

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncTelemetryPropertiesAutoConfiguration.class,
				AsyncMethodTelemetryAutoConfiguration.class, FutureTelemetryAutoConfiguration.class,
				TaskTelemetryAutoConfiguration.class, AsyncTelemetryEndpointAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class))
		.withUserConfiguration(AsyncApplication.class)
		.withBean(SimpleMeterRegistry.class)
		.withBean(Tracer.class, () -> Tracer.NOOP)
		.withPropertyValues("management.endpoints.web.exposure.include=asyncio");

	@Test
	void withTheCoreConfigurationEveryBeanOfTheStarterIsPresent() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(AsyncTelemetryAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				for (Class<?> type : STARTER_BEANS) {
					assertThat(context).hasSingleBean(type);
				}
				assertThat(isInstrumented(context)).isTrue();
			});
	}

	@Test
	void withoutTheCoreConfigurationTheApplicationStartsWithNoneOfTheStartersBeans() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertHasNoneOfTheStartersBeans(context);
			assertThat(context.getBean(Mailer.class).send("ada").join()).isEqualTo("sent ada");
		});
	}

	@Test
	void withoutTheCoreConfigurationAUserRecorderAloneIsShownByTheEndpointOnly() {
		this.contextRunner
			.withBean(AsyncUnitRecorder.class, () -> new AsyncUnitRecorder(new SimpleMeterRegistry(), new FailureLog()))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(AsyncUnitRecorder.class)
					.hasSingleBean(AsyncTelemetryEndpoint.class)
					.doesNotHaveBean(FutureTracker.class)
					.doesNotHaveBean(TaskInstrumentation.class)
					.doesNotHaveBean(AsyncMethodInstrumentationPostProcessor.class)
					.doesNotHaveBean(FutureInstrumentationPostProcessor.class)
					.doesNotHaveBean(ExecutorInstrumentationPostProcessor.class);
				assertThat(isInstrumented(context)).isFalse();
			});
	}

	@Test
	void withoutAMeterRegistryTheApplicationStartsWithNoneOfTheStartersBeans() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AsyncTelemetryPropertiesAutoConfiguration.class,
					AsyncTelemetryAutoConfiguration.class, AsyncMethodTelemetryAutoConfiguration.class,
					FutureTelemetryAutoConfiguration.class, TaskTelemetryAutoConfiguration.class,
					AsyncTelemetryEndpointAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
			.withUserConfiguration(AsyncApplication.class)
			.withBean(Tracer.class, () -> Tracer.NOOP)
			.withPropertyValues("management.endpoints.web.exposure.include=asyncio")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(MeterRegistry.class);
				assertHasNoneOfTheStartersBeans(context);
				assertThat(context.getBean(Mailer.class).send("ada").join()).isEqualTo("sent ada");
			});
	}

	@Test
	void excludingTheCoreConfigurationFromAnAutoConfiguredApplicationBacksOffTheWholeStarter() {
		new ApplicationContextRunner().withUserConfiguration(AutoConfiguredApplication.class)
			.withPropertyValues("spring.autoconfigure.exclude=" + AsyncTelemetryAutoConfiguration.class.getName(),
					"management.endpoints.web.exposure.include=asyncio",
					"management.otlp.metrics.export.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("applicationTaskExecutor");
				assertHasNoneOfTheStartersBeans(context);
			});
	}

	private static void assertHasNoneOfTheStartersBeans(AssertableApplicationContext context) {
		for (Class<?> type : STARTER_BEANS) {
			assertThat(context).doesNotHaveBean(type);
		}
		assertThat(isInstrumented(context)).isFalse();
	}

	/**
	 * Whether the application's {@code @Async} bean carries more advisors than Spring's
	 * own, or Spring Boot's executor is a proxy.
	 */
	private static boolean isInstrumented(AssertableApplicationContext context) {
		Object mailer = context.getBean(Mailer.class);
		return ((Advised) mailer).getAdvisors().length > 1
				|| AopUtils.isAopProxy(context.getBean("applicationTaskExecutor"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncApplication {

		@Bean
		Mailer mailer() {
			return new Mailer();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(AsyncApplication.class)
	static class AutoConfiguredApplication {

	}

	static class Mailer {

		@Async
		public CompletableFuture<String> send(String to) {
			return CompletableFuture.completedFuture("sent " + to);
		}

	}

}
