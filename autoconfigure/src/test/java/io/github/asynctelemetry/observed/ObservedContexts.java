package io.github.asynctelemetry.observed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint;
import io.github.asynctelemetry.autoconfigure.AsyncMethodTelemetryAutoConfiguration;
import io.github.asynctelemetry.autoconfigure.AsyncTelemetryAutoConfiguration;
import io.github.asynctelemetry.autoconfigure.AsyncTelemetryEndpointAutoConfiguration;
import io.github.asynctelemetry.autoconfigure.AsyncTelemetryPropertiesAutoConfiguration;
import io.github.asynctelemetry.autoconfigure.FutureTelemetryAutoConfiguration;
import io.github.asynctelemetry.autoconfigure.TaskTelemetryAutoConfiguration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * The two kinds of application the tests of this package compare: Spring Boot's task
 * execution and scheduling alone, and the same with every auto-configuration of the
 * starter; and what the tests read from them through public behaviour only (the
 * {@code asyncio} endpoint as JSON, the task meters).
 *
 * @author Async Telemetry team
 */
final class ObservedContexts {

	private static final String ACTIVE_METER = "asyncio.process.active";

	private static final String COUNT_METER = "asyncio.process.count";

	private ObservedContexts() {
	}

	/**
	 * Return a runner of Spring Boot's executors and schedulers without the starter.
	 * @return the runner
	 */
	static ApplicationContextRunner withoutStarter() {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class);
	}

	/**
	 * Return a runner of Spring Boot's executors and schedulers with every
	 * auto-configuration of the starter, its endpoint included.
	 * @return the runner
	 */
	static ApplicationContextRunner withStarter() {
		return withoutStarter()
			.withConfiguration(AutoConfigurations.of(AsyncTelemetryPropertiesAutoConfiguration.class,
					AsyncTelemetryAutoConfiguration.class, AsyncMethodTelemetryAutoConfiguration.class,
					FutureTelemetryAutoConfiguration.class, TaskTelemetryAutoConfiguration.class,
					AsyncTelemetryEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=asyncio");
	}

	/**
	 * Return the {@code executors} of the {@code asyncio} endpoint as its JSON reader sees
	 * them: each entry as the keys and values it is written as.
	 * @param context the application
	 * @return one map per executor entry ({@code bean}, {@code type}, {@code covered},
	 * {@code reason}, {@code action}, ...)
	 */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> endpointExecutors(ApplicationContext context) {
		Object body = JsonShape.of(context.getBean(AsyncTelemetryEndpoint.class).asyncio());
		Object executors = ((Map<String, Object>) body).get("executors");
		return (executors != null) ? (List<Map<String, Object>>) executors : List.of();
	}

	/**
	 * Wait until at least the given number of {@code task} units are recorded and none is
	 * active any more, so that a count read afterwards is final: a unit that counted once
	 * too often has started (it is active) before the task body ran. A unit leaves the
	 * active gauge just before it is counted, so waiting for the gauge alone is not
	 * enough.
	 * @param registry the registry
	 * @param atLeast how many task units to wait for, since the registry was made
	 */
	static void awaitTaskUnits(MeterRegistry registry, long atLeast) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while ((taskUnits(registry) < atLeast || activeTasks(registry) > 0) && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
	}

	private static double activeTasks(MeterRegistry registry) {
		return registry.find(ACTIVE_METER).tag("type", "task").gauges().stream().mapToDouble(Gauge::value).sum();
	}

	/**
	 * Return the names of the {@code task} units counted in a registry with their counts
	 * in every state, for assertion messages.
	 * @param registry the registry
	 * @return one {@code name state=count} per counter
	 */
	static List<String> taskCounters(MeterRegistry registry) {
		List<String> counters = new ArrayList<>();
		registry.find(COUNT_METER)
			.tag("type", "task")
			.counters()
			.forEach((counter) -> counters.add(counter.getId().getTag("name") + " "
					+ counter.getId().getTag("state") + "=" + (long) counter.count()));
		return counters;
	}

	/**
	 * Return the number of {@code task} units recorded in a registry, whatever their name
	 * and state.
	 * @param registry the registry
	 * @return the number of units
	 */
	static long taskUnits(MeterRegistry registry) {
		return (long) registry.find(COUNT_METER)
			.tag("type", "task")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

}
