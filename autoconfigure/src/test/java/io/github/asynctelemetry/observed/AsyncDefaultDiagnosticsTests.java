package io.github.asynctelemetry.observed;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.example.observed.Greeter;
import com.example.observed.ObservedApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The diagnostics of the {@code @Async} default are right for the application they
 * describe (DESIGN.md section 10): with one {@code ThreadPoolTaskExecutor} bean that is
 * not named {@code taskExecutor}, and {@code @EnableScheduling} (Spring Boot's scheduler
 * is a second {@code TaskExecutor}), Spring's {@code @Async} falls back to a
 * {@code SimpleAsyncTaskExecutor} of its own. The start-up log and the endpoint must not
 * contradict each other, and the endpoint's {@code action} must give the fixes that work
 * for this application, not "define a TaskExecutor bean", which it has.
 *
 * @author Async Telemetry team
 */
@ExtendWith(OutputCaptureExtension.class)
class AsyncDefaultDiagnosticsTests {

	/**
	 * The start-up log and the endpoint's {@code reason} say the same thing of the
	 * caller's context: when the log says the tasks run without it, the reason does not
	 * say they keep it, and the other way round.
	 */
	@Test
	void logAndEndpointAgreeOnWhetherAsyncCallsOnSpringsFallbackKeepTheCallersContext(CapturedOutput output) {
		ObservedContexts.withStarter()
			.withUserConfiguration(ObservedApplication.class, WorkersApplication.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Map<String, Object> fallback = asyncFallback(ObservedContexts.endpointExecutors(context));
				String reason = Objects.toString(fallback.get("reason"), "");
				String log = output.getOut();
				assertThat(saysContextIsLost(log) && saysContextIsKept(reason))
					.as("the log says the tasks run without the caller's context, the endpoint's reason '%s' that they keep it",
							reason)
					.isFalse();
				assertThat(saysContextIsKept(log) && saysContextIsLost(reason))
					.as("the log says the tasks keep the caller's context, the endpoint's reason '%s' that they do not",
							reason)
					.isFalse();
			});
	}

	@Test
	void actionForSpringsFallbackGivesTheFixesThatWorkForThisApplication() {
		ObservedContexts.withStarter()
			.withUserConfiguration(ObservedApplication.class, WorkersApplication.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Map<String, Object> fallback = asyncFallback(ObservedContexts.endpointExecutors(context));
				String action = Objects.toString(fallback.get("action"), "");
				assertThat(action).contains("taskExecutor")
					.contains("spring.task.execution.mode=force")
					.contains("AsyncConfigurer")
					.doesNotContainIgnoringCase("define a TaskExecutor bean");
			});
	}

	private static boolean saysContextIsLost(String text) {
		return text.contains("without the submitter's context") || text.contains("without the caller's context");
	}

	private static boolean saysContextIsKept(String text) {
		return text.contains("with the submitter's context") || text.contains("with the caller's context")
				|| text.contains("keep the caller's context") || text.contains("keep the submitter's context");
	}

	/**
	 * Return the endpoint's entry for the executor Spring makes for itself for
	 * {@code @Async}: not a bean, a {@code SimpleAsyncTaskExecutor}.
	 */
	private static Map<String, Object> asyncFallback(List<Map<String, Object>> executors) {
		return executors.stream()
			.filter((executor) -> executor.get("bean") == null
					&& SimpleAsyncTaskExecutor.class.getName().equals(executor.get("type")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No entry for Spring's own @Async executor in " + executors));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	@EnableScheduling
	static class WorkersApplication {

		@Bean
		ThreadPoolTaskExecutor workers() {
			ThreadPoolTaskExecutor workers = new ThreadPoolTaskExecutor();
			workers.setThreadNamePrefix("workers-");
			return workers;
		}

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

	}

}
