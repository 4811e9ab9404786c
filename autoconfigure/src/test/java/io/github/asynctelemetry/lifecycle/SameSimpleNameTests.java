package io.github.asynctelemetry.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint;
import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint.UnitDescriptor;
import io.github.asynctelemetry.tracing.UnitSpan;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.UnitState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Two classes with the same simple name, {@code billing.Notifier} and
 * {@code shipping.Notifier}, share the meters of the name {@code Notifier.ping}, but only
 * the one selected by its qualified name is traced: one span, two units, and an endpoint
 * entry that does not say every unit of the name is traced.
 *
 * @author Async Telemetry team
 */
class SameSimpleNameTests {

	private static final String BILLING = "io.github.asynctelemetry.lifecycle.billing.Notifier.ping";

	private static final String SHIPPING = "io.github.asynctelemetry.lifecycle.shipping.Notifier.ping";

	@Test
	void onlyTheSelectedClassIsTracedAndTheEndpointSaysSo() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NotifierApplication.class)
			.web(WebApplicationType.NONE)
			.properties("otel.instrumentation.async.method-names-to-trace=" + BILLING,
					"management.endpoints.web.exposure.include=asyncio", "management.defaults.metrics.export.enabled=false")
			.run()) {
			context.getBean(io.github.asynctelemetry.lifecycle.billing.Notifier.class).ping();
			context.getBean(io.github.asynctelemetry.lifecycle.shipping.Notifier.class).ping();
			SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.get("asyncio.process.count")
					.tags("type", "async_method", "name", "Notifier.ping")
					.counter()
					.count() == 2);
			assertThat(context.getBean(SpanNames.class).names).containsExactly("async Notifier.ping");
			UnitDescriptor ping = context.getBean(AsyncTelemetryEndpoint.class)
				.asyncio()
				.units()
				.get("async_method")
				.stream()
				.filter((unit) -> unit.name().equals("Notifier.ping"))
				.findFirst()
				.orElseThrow();
			assertThat(ping.recorded()).isEqualTo(2);
			assertThat(ping.traced()).isFalse();
			assertThat(ping.sources()).containsExactly(entry(BILLING, true), entry(SHIPPING, false));
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	static class NotifierApplication {

		@Bean
		SimpleMeterRegistry simpleMeterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		SpanNames spanNames() {
			return new SpanNames();
		}

		@Bean
		UnitTracer recordingTracer(SpanNames spanNames) {
			return (unit) -> {
				spanNames.names.add(unit.getSpanName());
				return new NoOpSpan();
			};
		}

		@Bean
		io.github.asynctelemetry.lifecycle.billing.Notifier billingNotifier() {
			return new io.github.asynctelemetry.lifecycle.billing.Notifier();
		}

		@Bean
		io.github.asynctelemetry.lifecycle.shipping.Notifier shippingNotifier() {
			return new io.github.asynctelemetry.lifecycle.shipping.Notifier();
		}

	}

	static class SpanNames {

		final List<String> names = new CopyOnWriteArrayList<>();

	}

	static class NoOpSpan implements UnitSpan {

		@Override
		public Scope makeCurrent() {
			return Scope.NOOP;
		}

		@Override
		public void attribute(String key, double value) {
		}

		@Override
		public void rename(AsyncUnit unit) {
		}

		@Override
		public void abandon() {
		}

		@Override
		public void end(UnitState state, @Nullable Throwable failure) {
		}

	}

}
