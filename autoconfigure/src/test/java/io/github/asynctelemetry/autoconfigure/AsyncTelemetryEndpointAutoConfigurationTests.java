package io.github.asynctelemetry.autoconfigure;

import java.util.List;

import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint;
import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint.ConfigurationDescriptor;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.github.asynctelemetry.unit.UnitType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncTelemetryEndpointAutoConfiguration}.
 *
 * @author Async Telemetry team
 */
class AsyncTelemetryEndpointAutoConfigurationTests {

	private static final String EXPOSED = "management.endpoints.web.exposure.include=asyncio";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncTelemetryAutoConfiguration.class,
				AsyncTelemetryEndpointAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void endpointIsPresentWhenExposed() {
		this.contextRunner.withPropertyValues(EXPOSED)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(AsyncTelemetryEndpoint.class));
	}

	@Test
	void endpointReportsTheBoundConfigurationAndTheRecordersUnits() {
		this.contextRunner
			.withPropertyValues(EXPOSED, "otel.instrumentation.async.method-names-to-trace=sendEmail,OrderService.*",
					"otel.instrumentation.async.task-names-to-trace=report-render",
					"otel.instrumentation.async.future-trace-enabled=true",
					"otel.instrumentation.async.max-task-names=50")
			.run((context) -> {
				context.getBean(AsyncUnitRecorder.class).unit(UnitType.TASK, "report-render");
				AsyncTelemetryEndpoint.AsyncTelemetryDescriptor descriptor = context
					.getBean(AsyncTelemetryEndpoint.class)
					.asyncio();
				assertThat(descriptor.configuration()).isEqualTo(new ConfigurationDescriptor(true,
						List.of("sendEmail", "OrderService.*"), List.of("report-render"), true, 50));
				assertThat(descriptor.units().get("task")).singleElement()
					.satisfies((unit) -> assertThat(unit.name()).isEqualTo("report-render"));
			});
	}

	@Test
	void endpointIsAbsentWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(AsyncUnitRecorder.class)
			.doesNotHaveBean(AsyncTelemetryEndpoint.class));
	}

	@Test
	void endpointIsAbsentWhenItsAccessIsNone() {
		this.contextRunner.withPropertyValues(EXPOSED, "management.endpoint.asyncio.access=NONE")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AsyncTelemetryEndpoint.class));
	}

	@Test
	void endpointBacksOffWhenTheStarterIsDisabled() {
		this.contextRunner.withPropertyValues(EXPOSED, "otel.instrumentation.async.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AsyncUnitRecorder.class)
				.doesNotHaveBean(AsyncTelemetryEndpoint.class));
	}

	@Test
	void endpointBacksOffWithoutTheActuator() {
		this.contextRunner.withPropertyValues(EXPOSED)
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AsyncUnitRecorder.class)
				.doesNotHaveBean(AsyncTelemetryEndpoint.class));
	}

	@Test
	void endpointBacksOffWithoutTheStartersAutoConfiguration() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AsyncTelemetryEndpointAutoConfiguration.class))
			.withPropertyValues(EXPOSED)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AsyncTelemetryEndpoint.class));
	}

	@Test
	void userDefinedEndpointWins() {
		this.contextRunner.withPropertyValues(EXPOSED)
			.withUserConfiguration(CustomEndpointConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(AsyncTelemetryEndpoint.class)
				.getBean(AsyncTelemetryEndpoint.class)
				.isSameAs(context.getBean(CustomEndpointConfiguration.class).endpoint));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomEndpointConfiguration {

		final AsyncTelemetryEndpoint endpoint = new AsyncTelemetryEndpoint(
				new AsyncUnitRecorder(new SimpleMeterRegistry(), new FailureLog()),
				new ConfigurationDescriptor(true, List.of(), List.of(), false, 1));

		@Bean
		AsyncTelemetryEndpoint customAsyncTelemetryEndpoint() {
			return this.endpoint;
		}

	}

}
