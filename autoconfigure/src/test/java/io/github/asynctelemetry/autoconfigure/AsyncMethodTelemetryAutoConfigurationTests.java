package io.github.asynctelemetry.autoconfigure;

import java.util.concurrent.CompletableFuture;

import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.future.FutureTracker;
import io.github.asynctelemetry.lifecycle.UnitLifecycle;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.Advised;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the auto-configuration of the {@code async_method} and {@code future} units.
 *
 * @author Async Telemetry team
 */
class AsyncMethodTelemetryAutoConfigurationTests {

	private static final SimpleMeterRegistry sharedRegistry = new SimpleMeterRegistry();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncTelemetryAutoConfiguration.class,
				AsyncMethodTelemetryAutoConfiguration.class, FutureTelemetryAutoConfiguration.class))
		.withUserConfiguration(AsyncApplication.class)
		.withAllowBeanDefinitionOverriding(true)
		.withBean("meterRegistry", MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void everyCallIsRecorded() {
		this.contextRunner.run((context) -> {
			callTwice(context);
			assertThat(count(context.getBean(MeterRegistry.class))).isEqualTo(2);
		});
	}

	@Test
	void callsAreRecordedWithoutAspectJOnTheClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.aspectj")).run((context) -> {
			callTwice(context);
			assertThat(count(context.getBean(MeterRegistry.class))).isEqualTo(2);
		});
	}

	@Test
	void callsAreRecordedWithoutMicrometerTracingOnTheClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.tracing")).run((context) -> {
			assertThat(context).doesNotHaveBean(UnitTracer.class).hasSingleBean(ContextCapture.class);
			callTwice(context);
			assertThat(count(context.getBean(MeterRegistry.class))).isEqualTo(2);
		});
	}

	@Test
	void nothingIsAddedWhenDisabled() {
		this.contextRunner.withPropertyValues("otel.instrumentation.async.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(FutureTracker.class);
			assertThat(((Advised) context.getBean(Mailer.class)).getAdvisors()).hasSize(1);
			callTwice(context);
			assertThat(count(context.getBean(MeterRegistry.class))).isZero();
		});
	}

	@Test
	void refreshedContextsRecordEachCallOnce() {
		ApplicationContextRunner shared = this.contextRunner.withBean("meterRegistry", MeterRegistry.class,
				() -> sharedRegistry);
		double before = count(sharedRegistry);
		shared.run(AsyncMethodTelemetryAutoConfigurationTests::callTwice);
		shared.run(AsyncMethodTelemetryAutoConfigurationTests::callTwice);
		assertThat(count(sharedRegistry) - before).isEqualTo(4);
	}

	@Test
	void userDefinedContextCaptureAndFutureTrackerWin() {
		ContextCapture capture = ContextCapture.of();
		FutureTracker tracker = new FutureTracker(
				new UnitLifecycle(new AsyncUnitRecorder(new SimpleMeterRegistry(), new FailureLog()), UnitTracer.NOOP));
		this.contextRunner.withBean(ContextCapture.class, () -> capture)
			.withBean(FutureTracker.class, () -> tracker)
			.run((context) -> {
				assertThat(context.getBean(ContextCapture.class)).isSameAs(capture);
				assertThat(context.getBean(FutureTracker.class)).isSameAs(tracker);
			});
	}

	private static void callTwice(AssertableApplicationContext context) {
		Mailer mailer = context.getBean(Mailer.class);
		assertThat(mailer.send("a").join()).isEqualTo("sent a");
		assertThat(mailer.send("b").join()).isEqualTo("sent b");
	}

	private static double count(MeterRegistry registry) {
		Counter counter = registry.find("asyncio.process.count")
			.tags("type", "async_method", "name", "DefaultMailer.send", "state", "finished")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncApplication {

		@Bean
		SyncTaskExecutor taskExecutor() {
			return new SyncTaskExecutor();
		}

		@Bean
		Mailer mailer() {
			return new DefaultMailer();
		}

	}

	public interface Mailer {

		CompletableFuture<String> send(String to);

	}

	static class DefaultMailer implements Mailer {

		@Override
		@Async
		public CompletableFuture<String> send(String to) {
			return CompletableFuture.completedFuture("sent " + to);
		}

	}

}
