package io.github.asynctelemetry.autoconfigure;

import java.util.Map;

import com.example.MonthlyReportService;
import com.example.OrderService;
import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.tracing.MicrometerUnitTracer;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.github.asynctelemetry.unit.UnitState;
import io.github.asynctelemetry.unit.UnitType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link AsyncTelemetryAutoConfiguration}.
 *
 * @author Async Telemetry team
 */
class AsyncTelemetryAutoConfigurationTests {

	private static final String PREFIX = "otel.instrumentation.async";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncTelemetryAutoConfiguration.class))
		.withUserConfiguration(MeterRegistryConfiguration.class);

	@Test
	void recorderAndTraceSelectionArePresentByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(AsyncUnitRecorder.class)
				.hasSingleBean(TraceSelection.class)
				.hasSingleBean(AsyncTelemetryProperties.class);
			TraceSelection selection = context.getBean(TraceSelection.class);
			assertThat(selection.methods().isEmpty()).isTrue();
			assertThat(selection.tasks().isEmpty()).isTrue();
			assertThat(selection.futures()).isFalse();
		});
	}

	@Test
	void recorderRegistersMetersWithTheApplicationsMeterRegistry() {
		this.contextRunner.run((context) -> {
			context.getBean(AsyncUnitRecorder.class)
				.unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail")
				.record(UnitState.FINISHED, 1_000);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("asyncio.process.count").tag("name", "OrderService.sendEmail").counter().count())
				.isEqualTo(1.0);
		});
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AsyncTelemetryAutoConfiguration.class))
			.withUserConfiguration(TracerConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(MeterRegistry.class)
				.doesNotHaveBean(AsyncUnitRecorder.class)
				.doesNotHaveBean(TraceSelection.class)
				.doesNotHaveBean(ContextCapture.class)
				.doesNotHaveBean(UnitTracer.class));
	}

	@Test
	void recordsToTheRegistryOfSpringBootsMetricsAutoConfigurationListedAfterIt() {
		withSpringBootsMetrics().run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(AsyncUnitRecorder.class);
			context.getBean(AsyncUnitRecorder.class)
				.unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail")
				.record(UnitState.FINISHED, 1_000);
			assertThat(context.getBean(MeterRegistry.class).get("asyncio.process.count").counter().count())
				.isEqualTo(1.0);
		});
	}

	@Test
	void isPresentWithSpringBootsNoOpRegistryWhenEveryExportIsDisabled() {
		withSpringBootsMetrics().withPropertyValues("management.defaults.metrics.export.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AsyncUnitRecorder.class)
				.hasSingleBean(ContextCapture.class)
				.getBean(MeterRegistry.class)
				.isInstanceOf(CompositeMeterRegistry.class));
	}

	/**
	 * A runner with Spring Boot's metrics auto-configurations, listed after the
	 * starter's so that only their declared order makes the registry visible to it.
	 */
	private static ApplicationContextRunner withSpringBootsMetrics() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
				AsyncTelemetryAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, MetricsAutoConfiguration.class));
	}

	@Test
	void contextCaptureWithoutATracerIsTheOnlyOne() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(ContextCapture.class)
			.hasBean("asyncContextCapture")
			.doesNotHaveBean("asyncTracingContextCapture"));
	}

	@Test
	void contextCaptureWithATracerIsTheOnlyOne() {
		this.contextRunner.withUserConfiguration(TracerConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ContextCapture.class)
				.hasBean("asyncTracingContextCapture")
				.doesNotHaveBean("asyncContextCapture"));
	}

	@Test
	void userDefinedContextCaptureWins() {
		this.contextRunner.withUserConfiguration(CustomContextCaptureConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ContextCapture.class)
				.getBean(ContextCapture.class)
				.isSameAs(context.getBean(CustomContextCaptureConfiguration.class).capture));
	}

	@Test
	void userDefinedContextCaptureWinsWithATracer() {
		this.contextRunner.withUserConfiguration(TracerConfiguration.class, CustomContextCaptureConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ContextCapture.class)
				.getBean(ContextCapture.class)
				.isSameAs(context.getBean(CustomContextCaptureConfiguration.class).capture));
	}

	@Test
	void propertiesHaveTheDocumentedDefaults() {
		this.contextRunner.run((context) -> {
			AsyncTelemetryProperties properties = context.getBean(AsyncTelemetryProperties.class);
			assertThat(properties.isEnabled()).isTrue();
			assertThat(properties.getMethodNamesToTrace()).isEmpty();
			assertThat(properties.getTaskNamesToTrace()).isEmpty();
			assertThat(properties.isFutureTraceEnabled()).isFalse();
			assertThat(properties.getMaxTaskNames()).isEqualTo(200);
		});
	}

	@Test
	void backsOffEntirelyWhenDisabled() {
		this.contextRunner.withUserConfiguration(TracerConfiguration.class)
			.withPropertyValues(PREFIX + ".enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AsyncUnitRecorder.class)
				.doesNotHaveBean(TraceSelection.class)
				.doesNotHaveBean(UnitTracer.class)
				.doesNotHaveBean(AsyncTelemetryProperties.class));
	}

	@Test
	void isPresentWhenExplicitlyEnabled() {
		this.contextRunner.withPropertyValues(PREFIX + ".enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(AsyncUnitRecorder.class)
				.hasSingleBean(TraceSelection.class));
	}

	@Test
	void disabledIgnoresInvalidNames() {
		this.contextRunner
			.withPropertyValues(PREFIX + ".enabled=false", PREFIX + ".method-names-to-trace[0]=send email")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TraceSelection.class));
	}

	@Test
	void unitTracerIsPresentWithATracer() {
		this.contextRunner.withUserConfiguration(TracerConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(UnitTracer.class)
				.getBean(UnitTracer.class)
				.isInstanceOf(MicrometerUnitTracer.class));
	}

	@Test
	void unitTracerLogsToTheRecordersFailureLog() {
		this.contextRunner.withUserConfiguration(BrokenTracerConfiguration.class).run((context) -> {
			AsyncUnitRecorder recorder = context.getBean(AsyncUnitRecorder.class);
			UnitTracer unitTracer = context.getBean(UnitTracer.class);
			assertThat(unitTracer.start(recorder.unit(UnitType.TASK, "report-render"))).isNull();
			assertThat(recorder.getFailureLog().hasFailed()).isTrue();
		});
	}

	@Test
	void unitTracerIsAbsentWithoutATracerBean() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(UnitTracer.class)
			.hasSingleBean(AsyncUnitRecorder.class));
	}

	@Test
	void unitTracerBacksOffWithoutTheTracerClass() {
		this.contextRunner.withUserConfiguration(TracerConfiguration.class)
			.withClassLoader(new FilteredClassLoader(Tracer.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(UnitTracer.class)
				.hasSingleBean(AsyncUnitRecorder.class)
				.hasSingleBean(TraceSelection.class));
	}

	@Test
	void recordsMetersWithoutMicrometerTracingOnTheClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.tracing"))
			.withPropertyValues(PREFIX + ".method-names-to-trace=sendEmail")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(UnitTracer.class);
				context.getBean(AsyncUnitRecorder.class)
					.unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail")
					.record(UnitState.FINISHED, 1_000);
				assertThat(context.getBean(MeterRegistry.class).get("asyncio.process.duration").timer().count())
					.isEqualTo(1);
			});
	}

	@Test
	void userDefinedRecorderWins() {
		this.contextRunner.withUserConfiguration(CustomRecorderConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(AsyncUnitRecorder.class)
				.getBean(AsyncUnitRecorder.class)
				.isSameAs(context.getBean(CustomRecorderConfiguration.class).recorder));
	}

	@Test
	void userDefinedTraceSelectionWins() {
		this.contextRunner.withUserConfiguration(CustomTraceSelectionConfiguration.class)
			.withPropertyValues(PREFIX + ".method-names-to-trace=sendEmail", PREFIX + ".future-trace-enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(TraceSelection.class)
				.getBean(TraceSelection.class)
				.isSameAs(TraceSelection.NONE));
	}

	@Test
	void userDefinedUnitTracerWins() {
		this.contextRunner.withUserConfiguration(TracerConfiguration.class, CustomUnitTracerConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(UnitTracer.class)
				.getBean(UnitTracer.class)
				.isSameAs(UnitTracer.NOOP));
	}

	@Test
	void namesBindFromIndexedProperties() {
		this.contextRunner
			.withPropertyValues(PREFIX + ".method-names-to-trace[0]=sendEmail",
					PREFIX + ".method-names-to-trace[1]=MonthlyReportService.*",
					PREFIX + ".task-names-to-trace[0]=report-render")
			.run((context) -> {
				assertThat(context.getBean(AsyncTelemetryProperties.class).getMethodNamesToTrace())
					.containsExactly("sendEmail", "MonthlyReportService.*");
				assertThat(context.getBean(AsyncTelemetryProperties.class).getTaskNamesToTrace())
					.containsExactly("report-render");
				TraceSelection selection = context.getBean(TraceSelection.class);
				assertThat(selection.methods().selectsMethod(OrderService.class, "sendEmail")).isTrue();
				assertThat(selection.methods().selectsMethod(MonthlyReportService.class, "render")).isTrue();
				assertThat(selection.methods().selectsMethod(OrderService.class, "cancelOrder")).isFalse();
				assertThat(selection.tasks().selectsName("report-render")).isTrue();
				assertThat(selection.tasks().selectsName("sendEmail")).isFalse();
			});
	}

	@Test
	void namesBindFromCommaSeparatedString() {
		this.contextRunner
			.withPropertyValues(PREFIX + ".method-names-to-trace=sendEmail,OrderService.*",
					PREFIX + ".task-names-to-trace=report-render,*-cleanup")
			.run((context) -> {
				assertThat(context.getBean(AsyncTelemetryProperties.class).getMethodNamesToTrace())
					.containsExactly("sendEmail", "OrderService.*");
				assertThat(context.getBean(AsyncTelemetryProperties.class).getTaskNamesToTrace())
					.containsExactly("report-render", "*-cleanup");
				TraceSelection selection = context.getBean(TraceSelection.class);
				assertThat(selection.methods().selectsMethod(OrderService.class, "cancelOrder")).isTrue();
				assertThat(selection.methods().selectsMethod(MonthlyReportService.class, "sendEmail")).isTrue();
				assertThat(selection.methods().selectsMethod(MonthlyReportService.class, "render")).isFalse();
				assertThat(selection.tasks().selectsName("nightly-cleanup")).isTrue();
				assertThat(selection.tasks().selectsName("report")).isFalse();
			});
	}

	@Test
	void commaSeparatedEntriesAreTrimmed() {
		this.contextRunner.withPropertyValues(PREFIX + ".method-names-to-trace=sendEmail, OrderService.*")
			.run((context) -> assertThat(context.getBean(AsyncTelemetryProperties.class).getMethodNamesToTrace())
				.containsExactly("sendEmail", "OrderService.*"));
	}

	@Test
	void namesBindFromEnvironmentVariables() {
		this.contextRunner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.of("OTEL_INSTRUMENTATION_ASYNC_METHOD_NAMES_TO_TRACE", "sendEmail,OrderService.*",
									"OTEL_INSTRUMENTATION_ASYNC_TASK_NAMES_TO_TRACE", "report-render",
									"OTEL_INSTRUMENTATION_ASYNC_FUTURE_TRACE_ENABLED", "true",
									"OTEL_INSTRUMENTATION_ASYNC_MAX_TASK_NAMES", "50"))))
			.run((context) -> {
				AsyncTelemetryProperties properties = context.getBean(AsyncTelemetryProperties.class);
				assertThat(properties.getMethodNamesToTrace()).containsExactly("sendEmail", "OrderService.*");
				assertThat(properties.getTaskNamesToTrace()).containsExactly("report-render");
				assertThat(properties.isFutureTraceEnabled()).isTrue();
				assertThat(properties.getMaxTaskNames()).isEqualTo(50);
				TraceSelection selection = context.getBean(TraceSelection.class);
				assertThat(selection.methods().selectsMethod(OrderService.class, "cancelOrder")).isTrue();
				assertThat(selection.methods().selectsMethod(MonthlyReportService.class, "render")).isFalse();
				assertThat(selection.tasks().selectsName("report-render")).isTrue();
				assertThat(selection.futures()).isTrue();
			});
	}

	@Test
	void environmentVariableBindsThroughTheBinder() {
		SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				Map.of("OTEL_INSTRUMENTATION_ASYNC_METHOD_NAMES_TO_TRACE", "sendEmail,OrderService.*"));
		Binder binder = new Binder(ConfigurationPropertySources.from(environment));
		AsyncTelemetryProperties properties = binder.bind(PREFIX, AsyncTelemetryProperties.class).get();
		assertThat(properties.getMethodNamesToTrace()).containsExactly("sendEmail", "OrderService.*");
	}

	@Test
	void futureTraceEnabledBindsToTheSelection() {
		this.contextRunner.withPropertyValues(PREFIX + ".future-trace-enabled=true")
			.run((context) -> assertThat(context.getBean(TraceSelection.class).futures()).isTrue());
	}

	@Test
	void maxTaskNamesBinds() {
		this.contextRunner.withPropertyValues(PREFIX + ".max-task-names=10")
			.run((context) -> assertThat(context.getBean(AsyncTelemetryProperties.class).getMaxTaskNames())
				.isEqualTo(10));
	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TracerConfiguration {

		@Bean
		Tracer tracer() {
			return Tracer.NOOP;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BrokenTracerConfiguration {

		@Bean
		Tracer tracer() {
			Tracer tracer = mock(Tracer.class);
			given(tracer.nextSpan()).willThrow(new IllegalStateException("tracer down"));
			return tracer;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomRecorderConfiguration {

		final AsyncUnitRecorder recorder = new AsyncUnitRecorder(new SimpleMeterRegistry(), new FailureLog());

		@Bean
		AsyncUnitRecorder customRecorder() {
			return this.recorder;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomContextCaptureConfiguration {

		final ContextCapture capture = ContextCapture.of();

		@Bean
		ContextCapture customContextCapture() {
			return this.capture;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomTraceSelectionConfiguration {

		@Bean
		TraceSelection customTraceSelection() {
			return TraceSelection.NONE;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomUnitTracerConfiguration {

		@Bean
		UnitTracer customUnitTracer() {
			return UnitTracer.NOOP;
		}

	}

}
