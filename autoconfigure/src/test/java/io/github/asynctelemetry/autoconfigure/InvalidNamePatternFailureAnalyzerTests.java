package io.github.asynctelemetry.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.asynctelemetry.names.InvalidNamePatternException;
import io.github.asynctelemetry.names.NamePattern;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link InvalidNamePatternFailureAnalyzer}.
 *
 * @author Async Telemetry team
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidNamePatternFailureAnalyzerTests {

	private static final String METHODS = "otel.instrumentation.async.method-names-to-trace";

	private static final String TASKS = "otel.instrumentation.async.task-names-to-trace";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncTelemetryAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	static Stream<Arguments> invalidEntries() {
		List<String> values = List.of("", "  ", "send email", "send\temail", "send(email)", "a/b", "a,b", "a..b",
				".a", "a.");
		return Stream.of(METHODS, TASKS)
			.flatMap((property) -> values.stream().map((value) -> Arguments.of(property, value)));
	}

	@ParameterizedTest(name = "{0}[1]=''{1}''")
	@MethodSource("invalidEntries")
	void invalidEntryFailsStartUpWithAnAnalysisNamingPropertyValueAndSyntax(String property, String value) {
		withProperties(Map.of(property + "[0]", "report-render", property + "[1]", value)).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("'" + property + "[1]'")
				.contains("'" + value + "'")
				.doesNotContain(property + "[0]");
			assertThat(analysis.getAction()).contains(property + "[1]")
				.contains(NamePattern.SYNTAX)
				.contains("[A-Za-z0-9_$.*-]");
			assertThat(analysis.getCause()).isInstanceOf(InvalidNamePatternException.class);
		});
	}

	@Test
	void descriptionGivesTheReasonAndTheOrigin() {
		withProperties(Map.of(METHODS + "[0]", "send email")).run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo(String.format(
					"The property '%1$s[0]' has the invalid value 'send email': the entry contains whitespace "
							+ "at position 5.%n%n    Origin: \"%1$s[0]\" from property source \"test\"",
					METHODS));
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "list, 7:11", "comma-separated, 5:30" })
	void applicationReportsTheFileAndLineOfAnInvalidEntry(String file, String position, CapturedOutput output) {
		SpringApplication application = new SpringApplication(InvalidNamesApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("spring.config.location", "classpath:invalid-names/" + file + ".yml"));
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(application::run);
		assertThat(output).contains("The property '" + METHODS + "[1]' has the invalid value 'send(email)'")
			.contains("Origin: class path resource [invalid-names/" + file + ".yml] - " + position);
	}

	@Test
	void invalidEntryOfAnEnvironmentVariableIsReportedWithTheVariable() {
		Map<String, Object> variables = Map.of("OTEL_INSTRUMENTATION_ASYNC_METHOD_NAMES_TO_TRACE",
				"sendEmail,send(email)");
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								variables)))
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.contains("The property '" + METHODS + "[1]' has the invalid value 'send(email)'")
					.contains("Origin: \"OTEL_INSTRUMENTATION_ASYNC_METHOD_NAMES_TO_TRACE\"");
			});
	}

	@Test
	void invalidEntryOfCommaSeparatedStringIsReportedWithItsIndex() {
		withProperties(Map.of(TASKS, "report-render,a..b")).run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'" + TASKS + "[1]'").contains("'a..b'");
		});
	}

	@Test
	void otherFailuresAreNotAnalyzed() {
		assertThat(new InvalidNamePatternFailureAnalyzer().analyze(new IllegalStateException("other"))).isNull();
	}

	@Test
	void analyzerIsRegisteredInSpringFactories() {
		ArgumentResolver arguments = ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
			.and(Environment.class, new MockEnvironment());
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, arguments,
					FailureHandler.logging(LogFactory.getLog(InvalidNamePatternFailureAnalyzerTests.class)));
		assertThat(analyzers).hasAtLeastOneElementOfType(InvalidNamePatternFailureAnalyzer.class);
	}

	@Test
	void applicationReportsTheInvalidEntryInsteadOfAStackTraceAlone(CapturedOutput output) {
		SpringApplication application = new SpringApplication(InvalidNamesApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of(METHODS, "sendEmail,send(email)"));
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(application::run);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The property '" + METHODS + "[1]' has the invalid value 'send(email)'")
			.contains("Each entry must be " + NamePattern.SYNTAX);
	}

	@Test
	void nonBooleanFutureTraceEnabledFailsStartUpNamingTheProperty() {
		withProperties(Map.of("otel.instrumentation.async.future-trace-enabled", "maybe")).run((context) -> {
			assertThat(context).hasFailed();
			BindException bindException = findCause(context.getStartupFailure(), BindException.class);
			assertThat(bindException).isNotNull();
			assertThat(bindException.getProperty()).isNotNull();
			assertThat(bindException.getProperty().getName())
				.hasToString("otel.instrumentation.async.future-trace-enabled");
			assertThat(bindException.getProperty().getValue()).isEqualTo("maybe");
		});
	}

	private ApplicationContextRunner withProperties(Map<String, Object> properties) {
		return this.contextRunner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", properties)));
	}

	private static FailureAnalysis analyze(Throwable failure) {
		return new InvalidNamePatternFailureAnalyzer().analyze(failure);
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		Throwable candidate = failure;
		while (candidate != null) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			candidate = candidate.getCause();
		}
		return null;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(AsyncTelemetryAutoConfiguration.class)
	static class InvalidNamesApplication {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
