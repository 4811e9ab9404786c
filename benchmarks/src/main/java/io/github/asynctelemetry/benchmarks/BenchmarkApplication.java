package io.github.asynctelemetry.benchmarks;

import java.util.function.Consumer;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * The application every benchmark runs in: Spring Boot's auto-configuration (so the
 * starter's auto-configurations, Spring Boot's OpenTelemetry SDK with its
 * {@code BatchSpanProcessor}, its {@code ObservationRegistry} and meter registry are the
 * real ones), {@code @Async} enabled, 100% sampling, and a {@link DiscardingSpanExporter}
 * as the only span exporter. Each benchmark variant registers its own beans (the worker,
 * the executor) and sets its own properties, such as
 * {@code otel.instrumentation.async.enabled=false} for the bare variants.
 * <p>
 * Meters go to the {@code SimpleMeterRegistry} Spring Boot falls back to when the
 * application has no other meter registry (the starter brings none).
 *
 * @author Async Telemetry team
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableAsync
public class BenchmarkApplication {

	/**
	 * The name of the executor bean that the benchmarks' {@code @Async} methods name.
	 */
	public static final String EXECUTOR = "benchmarkExecutor";

	private static final String[] COMMON_PROPERTIES = { "spring.main.banner-mode=off", "spring.jmx.enabled=false",
			"logging.level.root=warn", "management.tracing.sampling.probability=1.0" };

	@Bean
	DiscardingSpanExporter discardingSpanExporter() {
		return new DiscardingSpanExporter();
	}

	/**
	 * Start the application.
	 * @param beans registers the variant's own beans
	 * @param properties the variant's properties, as {@code key=value}
	 * @return the running context
	 */
	static ConfigurableApplicationContext run(Consumer<GenericApplicationContext> beans, String... properties) {
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(COMMON_PROPERTIES)
			.properties(properties)
			.initializers((context) -> beans.accept((GenericApplicationContext) context))
			.run();
	}

}
