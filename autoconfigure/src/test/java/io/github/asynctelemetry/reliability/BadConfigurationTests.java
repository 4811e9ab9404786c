package io.github.asynctelemetry.reliability;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.example.OrderService;
import com.example.Outer;
import io.github.asynctelemetry.autoconfigure.AsyncMethodTelemetryAutoConfiguration;
import io.github.asynctelemetry.autoconfigure.AsyncTelemetryAutoConfiguration;
import io.github.asynctelemetry.autoconfigure.AsyncTelemetryPropertiesAutoConfiguration;
import io.github.asynctelemetry.autoconfigure.FutureTelemetryAutoConfiguration;
import io.github.asynctelemetry.autoconfigure.TaskTelemetryAutoConfiguration;
import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.task.TaskInstrumentation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Bad configuration input, end to end: every invalid value of the starter's properties
 * (names and flags, in the list, comma and environment forms) stops the start-up of a
 * real {@link SpringApplication} with the "APPLICATION FAILED TO START" report of a
 * failure analyzer that names the property and the value, and never starts the
 * application half-instrumented. Valid edge cases are accepted and select what they say.
 * The unit-level syntax checks of single entries live in
 * {@code InvalidNamePatternFailureAnalyzerTests} and {@code NamePatternTests}.
 *
 * @author Async Telemetry team
 */
@ExtendWith(OutputCaptureExtension.class)
class BadConfigurationTests {

	private static final String PREFIX = "otel.instrumentation.async.";

	private static final String METHODS = PREFIX + "method-names-to-trace";

	private static final String TASKS = PREFIX + "task-names-to-trace";

	private static final String FUTURES = PREFIX + "future-trace-enabled";

	private static final String ENABLED = PREFIX + "enabled";

	private static final String MAX_TASK_NAMES = PREFIX + "max-task-names";

	/**
	 * The number of invalid inputs of {@link #invalidInputs()}, quoted in docs/operations.md.
	 */
	static final int INVALID_INPUTS = 26;

	static Stream<Arguments> invalidInputs() {
		return Stream.of(
				// names, comma form (the environment form)
				invalid(METHODS, "Order Service.*", METHODS + "[0]"),
				invalid(METHODS, "sendEmail()", METHODS + "[0]"),
				invalid(METHODS, "OrderService#sendEmail", METHODS + "[0]"),
				invalid(METHODS, "sendEmail;sendSms", METHODS + "[0]"),
				invalid(METHODS, "com.example..OrderService.sendEmail", METHODS + "[0]"),
				invalid(METHODS, "sendEmail,.OrderService", METHODS + "[1]", ".OrderService"),
				invalid(METHODS, "sendEmail,OrderService.", METHODS + "[1]", "OrderService."),
				invalid(METHODS, "Bestellung.größe", METHODS + "[0]"),
				invalid(METHODS, "OrderService.send\u00a0Email", METHODS + "[0]"),
				invalid(TASKS, "report render", TASKS + "[0]"),
				invalid(TASKS, "report/render", TASKS + "[0]"),
				invalid(TASKS, "report:render", TASKS + "[0]"),
				invalid(TASKS, "report-render,invoice..pdf", TASKS + "[1]", "invoice..pdf"),
				invalid(TASKS, "report-render,,invoice-pdf", TASKS + "[1]", ""),
				// names, indexed list form (YAML lists)
				invalid(Map.of(METHODS + "[0]", "sendEmail", METHODS + "[1]", "OrderService.*", METHODS + "[2]",
						"OrderService.send email"), METHODS + "[2]", "OrderService.send email"),
				invalid(Map.of(TASKS + "[0]", "report-render", TASKS + "[1]", "report-render,invoice-pdf"),
						TASKS + "[1]", "report-render,invoice-pdf"),
				invalid(Map.of(TASKS + "[0]", "\t"), TASKS + "[0]", "\t"),
				// flags
				invalid(ENABLED, "maybe", ENABLED),
				invalid(ENABLED, "ture", ENABLED),
				invalid(ENABLED, "2", ENABLED),
				invalid(FUTURES, "enabled", FUTURES),
				invalid(FUTURES, "2", FUTURES),
				// the cap of task names
				invalid(MAX_TASK_NAMES, "0", MAX_TASK_NAMES),
				invalid(MAX_TASK_NAMES, "-1", MAX_TASK_NAMES),
				invalid(MAX_TASK_NAMES, "many", MAX_TASK_NAMES),
				invalid(MAX_TASK_NAMES, "99999999999", MAX_TASK_NAMES));
	}

	private static Arguments invalid(String property, String value, String reportedProperty) {
		return invalid(Map.of(property, value), reportedProperty, value);
	}

	private static Arguments invalid(String property, String value, String reportedProperty, String reportedValue) {
		return invalid(Map.of(property, value), reportedProperty, reportedValue);
	}

	private static Arguments invalid(Map<String, Object> properties, String reportedProperty, String reportedValue) {
		return Arguments.of(new LinkedHashMap<>(properties), reportedProperty, reportedValue);
	}

	@Test
	void tableHoldsTheAdvertisedNumberOfInvalidInputs() {
		assertThat(invalidInputs()).hasSize(INVALID_INPUTS);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidInputs")
	void invalidInputStopsStartUpWithAReportNamingThePropertyAndTheValue(Map<String, Object> properties,
			String reportedProperty, String reportedValue, CapturedOutput output) {
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> run(properties).close());
		String description = description(output);
		assertThat(description).as("report of %s", properties).contains(reportedProperty);
		assertThat(description).as("report of %s", properties)
			.containsAnyOf("'" + reportedValue + "'", "\"" + reportedValue + "\"");
	}

	@Test
	void wildcardInnerClassesDashesAndMixedFormsAreAccepted() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(METHODS + "[0]", "*");
		properties.put(METHODS + "[1]", "Outer$Inner.run");
		properties.put(METHODS + "[2]", "com.example.Outer$Inner.*");
		properties.put(TASKS, "report-render,invoice-pdf-*,*-nightly");
		properties.put(FUTURES, "on");
		properties.put(MAX_TASK_NAMES, "1");
		try (ConfigurableApplicationContext context = run(properties)) {
			TraceSelection selection = context.getBean(TraceSelection.class);
			assertThat(selection.methods().selectsMethod(OrderService.class, "sendEmail")).isTrue();
			assertThat(selection.methods().selectsMethod(Outer.Inner.class, "run")).isTrue();
			assertThat(selection.tasks().selectsName("report-render")).isTrue();
			assertThat(selection.tasks().selectsName("invoice-pdf-2024")).isTrue();
			assertThat(selection.tasks().selectsName("cleanup-nightly")).isTrue();
			assertThat(selection.tasks().selectsName("report")).isFalse();
			assertThat(selection.futures()).isTrue();
			assertThat(context.getBeansOfType(TaskInstrumentation.class)).hasSize(1);
		}
	}

	@Test
	void innerClassWithDollarSelectsOnlyThatClass() {
		try (ConfigurableApplicationContext context = run(Map.of(METHODS, "Outer$Inner.run,Outer.Inner.*"))) {
			TraceSelection selection = context.getBean(TraceSelection.class);
			assertThat(selection.methods().selectsMethod(Outer.Inner.class, "run")).isTrue();
			assertThat(selection.methods().selectsMethod(Outer.class, "run")).isFalse();
			assertThat(selection.methods().selectsMethod(OrderService.class, "run")).isFalse();
		}
	}

	@Test
	void environmentVariableFormIsAccepted() {
		Map<String, Object> variables = Map.of("OTEL_INSTRUMENTATION_ASYNC_METHOD_NAMES_TO_TRACE",
				"sendEmail,OrderService.*", "OTEL_INSTRUMENTATION_ASYNC_TASK_NAMES_TO_TRACE", "report-render",
				"OTEL_INSTRUMENTATION_ASYNC_FUTURE_TRACE_ENABLED", "true");
		try (ConfigurableApplicationContext context = run(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables))) {
			TraceSelection selection = context.getBean(TraceSelection.class);
			assertThat(selection.methods().selectsMethod(OrderService.class, "cancelOrder")).isTrue();
			assertThat(selection.methods().selectsMethod(Outer.Inner.class, "sendEmail")).isTrue();
			assertThat(selection.methods().selectsMethod(Outer.Inner.class, "run")).isFalse();
			assertThat(selection.tasks().selectsName("report-render")).isTrue();
			assertThat(selection.futures()).isTrue();
		}
	}

	@Test
	void disabledStarterStartsWithoutAnyOfItsBeans() {
		try (ConfigurableApplicationContext context = run(Map.of(ENABLED, "false", METHODS, "sendEmail"))) {
			assertThat(context.getBeansOfType(TraceSelection.class)).isEmpty();
			assertThat(context.getBeansOfType(TaskInstrumentation.class)).isEmpty();
		}
	}

	@Test
	void invalidEnabledFlagStopsAFullyAutoConfiguredApplication(CapturedOutput output) {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> run(FullApplication.class, new MapPropertySource("test",
					Map.of(ENABLED, "maybe", "management.otlp.metrics.export.enabled", "false")))
				.close());
		assertThat(description(output)).contains(ENABLED).contains("\"maybe\"");
	}

	private static ConfigurableApplicationContext run(Map<String, Object> properties) {
		return run(new MapPropertySource("test", properties));
	}

	private static ConfigurableApplicationContext run(MapPropertySource properties) {
		return run(MinimalApplication.class, properties);
	}

	private static ConfigurableApplicationContext run(Class<?> source, MapPropertySource properties) {
		SpringApplication application = new SpringApplication(source);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addInitializers((context) -> context.getEnvironment().getPropertySources().addFirst(properties));
		return application.run();
	}

	private static String description(CapturedOutput output) {
		String all = output.getAll();
		int report = all.lastIndexOf("APPLICATION FAILED TO START");
		assertThat(report).as("failure analysis report in %s", all).isGreaterThanOrEqualTo(0);
		int start = all.indexOf("Description:", report);
		int end = all.indexOf("Action:", start);
		assertThat(start).isPositive();
		assertThat(end).isGreaterThan(start);
		return all.substring(start, end);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ TaskExecutionAutoConfiguration.class, AsyncTelemetryPropertiesAutoConfiguration.class,
			AsyncTelemetryAutoConfiguration.class, FutureTelemetryAutoConfiguration.class,
			AsyncMethodTelemetryAutoConfiguration.class, TaskTelemetryAutoConfiguration.class })
	static class MinimalApplication {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class FullApplication {

	}

}
