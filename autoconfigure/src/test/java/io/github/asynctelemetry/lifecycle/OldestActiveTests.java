package io.github.asynctelemetry.lifecycle;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint;
import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint.UnitDescriptor;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code oldestActiveSeconds} at the endpoint and the gauge
 * {@code asyncio.process.oldest_active}: how long the oldest unit of a name still active
 * has been running, with nothing held per unit, so that a future that never completes is
 * still collected. The registry's clock is a {@link MockClock} that only the test moves.
 *
 * @author Async Telemetry team
 */
class OldestActiveTests {

	private final MockClock clock = new MockClock();

	private final ConfigurableApplicationContext context = new SpringApplicationBuilder(PendingApplication.class)
		.initializers((context) -> context.getBeanFactory().registerSingleton("mockClock", this.clock))
		.web(WebApplicationType.NONE)
		.properties("management.defaults.metrics.export.enabled=false",
				"management.endpoints.web.exposure.include=asyncio")
		.run();

	@AfterEach
	void close() {
		this.context.close();
	}

	@Test
	void oldestNeverCompletingFutureIsReportedAndStillCollected() {
		Pending pending = this.context.getBean(Pending.class);
		WeakReference<CompletableFuture<String>> first = new WeakReference<>(pending.never());
		this.clock.add(Duration.ofSeconds(30));
		CompletableFuture<String> second = pending.never();
		this.clock.add(Duration.ofSeconds(12));
		UnitDescriptor never = unit("Pending.never");
		assertThat(never.active()).isEqualTo(2);
		assertThat(never.oldestActiveSeconds()).isBetween(42.0, 43.1);
		assertThat(gauge()).isBetween(42.0, 43.1);
		for (int attempt = 0; attempt < 20 && first.get() != null; attempt++) {
			System.gc();
		}
		assertThat(first.get()).isNull();
		second.complete("done");
		assertThat(unit("Pending.never").oldestActiveSeconds()).isBetween(42.0, 43.1);
	}

	@Test
	void noOldestWhenNothingIsActive() {
		this.context.getBean(Pending.class).never().complete("done");
		UnitDescriptor never = unit("Pending.never");
		assertThat(never.active()).isZero();
		assertThat(never.oldestActiveSeconds()).isNull();
		assertThat(gauge()).isZero();
	}

	private UnitDescriptor unit(String name) {
		return this.context.getBean(AsyncTelemetryEndpoint.class)
			.asyncio()
			.units()
			.get("future")
			.stream()
			.filter((unit) -> unit.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	private double gauge() {
		return this.context.getBean(SimpleMeterRegistry.class)
			.get("asyncio.process.oldest_active")
			.tags("type", "future", "name", "Pending.never")
			.gauge()
			.value();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class PendingApplication {

		@Bean
		SimpleMeterRegistry simpleMeterRegistry(MockClock mockClock) {
			return new SimpleMeterRegistry(SimpleConfig.DEFAULT, mockClock);
		}

		@Bean
		Pending pending() {
			return new Pending();
		}

	}

	static class Pending {

		public CompletableFuture<String> never() {
			return new CompletableFuture<>();
		}

	}

}
