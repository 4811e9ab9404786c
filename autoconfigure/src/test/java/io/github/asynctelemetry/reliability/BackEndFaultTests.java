package io.github.asynctelemetry.reliability;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.core.instrument.cumulative.CumulativeCounter;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Faults of the telemetry back end never reach user code: with a meter filter, a meter
 * registry, a span processor or an observation handler that throws, or an OTLP endpoint
 * that refuses connections or never answers, every {@code @Async} call, executor task
 * and returned future gives its caller its normal result or the very exception it
 * threw, the starter's failure is logged once at warn level and then at debug level,
 * and worker threads are left clean.
 *
 * @author Async Telemetry team
 */
class BackEndFaultTests {

	private static final String FAILURE_MESSAGE = "Async telemetry failed while";

	private static final int ROUNDS = 25;

	@Test
	void meterFilterThatThrowsOnMapDoesNotReachUserCode() throws Exception {
		try (ConfigurableApplicationContext context = start(ThrowingMapFilter.class)) {
			assertUserCallsAreUnaffectedAndFailureIsLoggedOnce(context);
		}
	}

	@Test
	void meterFilterThatThrowsOnAcceptDoesNotReachUserCode() throws Exception {
		try (ConfigurableApplicationContext context = start(ThrowingAcceptFilter.class)) {
			assertUserCallsAreUnaffectedAndFailureIsLoggedOnce(context);
		}
	}

	@Test
	void meterRegistryWhoseMetersThrowOnRecordDoesNotReachUserCode() throws Exception {
		try (ConfigurableApplicationContext context = start(ThrowingMeterRegistry.class)) {
			assertUserCallsAreUnaffectedAndFailureIsLoggedOnce(context);
		}
	}

	@Test
	void spanProcessorThatThrowsOnStartDoesNotReachUserCodeAndMetersStayExact() throws Exception {
		try (ConfigurableApplicationContext context = start(SpanProcessorThrowingOnStart.class)) {
			int thrownBefore = SpanProcessorThrowingOnStart.thrown.get();
			List<ILoggingEvent> failures = drive(context);
			assertThat(SpanProcessorThrowingOnStart.thrown.get() - thrownBefore).isGreaterThan(ROUNDS);
			assertFailureIsLoggedOnce(failures);
			assertWorkersAreClean(context);
			assertMetersCountEveryCall(context);
		}
	}

	@Test
	void spanProcessorThatThrowsOnEndDoesNotReachUserCodeAndMetersStayExact() throws Exception {
		try (ConfigurableApplicationContext context = start(SpanProcessorThrowingOnEnd.class)) {
			assertUserCallsAreUnaffectedAndFailureIsLoggedOnce(context);
			assertMetersCountEveryCall(context);
		}
	}

	@Test
	void observationHandlerThatThrowsWhenTheCallersObservationIsRestoredDoesNotReachUserCode() throws Exception {
		try (ConfigurableApplicationContext context = start(ThrowingObservationHandler.class)) {
			ObservationRegistry observations = context.getBean(ObservationRegistry.class);
			Observation parent = Observation.start("caller", observations);
			List<ILoggingEvent> failures;
			try (Observation.Scope scope = parent.openScope()) {
				failures = drive(context);
			}
			finally {
				parent.stop();
			}
			assertFailureIsLoggedOnce(failures);
			assertWorkersAreClean(context);
			assertMetersCountEveryCall(context);
		}
	}

	@Test
	void otlpEndpointThatRefusesConnectionsDoesNotReachUserCode() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		try (ConfigurableApplicationContext context = start(NoFault.class, otlp(closedPort))) {
			ListAppender<ILoggingEvent> exporterLog = new ListAppender<>();
			Logger logger = (Logger) LoggerFactory.getLogger("io.opentelemetry");
			exporterLog.start();
			logger.addAppender(exporterLog);
			try {
				assertThat(drive(context)).isEmpty();
				context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
				assertThat(drive(context)).isEmpty();
			}
			finally {
				logger.detachAppender(exporterLog);
			}
			assertThat(exporterLog.list).anySatisfy((event) -> {
				assertThat(event.getLevel()).isEqualTo(Level.ERROR);
				assertThat(event.getFormattedMessage()).startsWith("Failed to export spans");
			});
			assertWorkersAreClean(context);
		}
	}

	@Test
	void otlpEndpointThatNeverAnswersDoesNotReachUserCode() throws Exception {
		try (HangingServer server = new HangingServer()) {
			try (ConfigurableApplicationContext context = start(NoFault.class, otlp(server.port()))) {
				assertThat(drive(context)).isEmpty();
				context.getBean(SdkTracerProvider.class).forceFlush();
				assertThat(server.accepted.await(10, TimeUnit.SECONDS)).isTrue();
				assertThat(drive(context)).isEmpty();
			}
		}
	}

	private static String[] otlp(int port) {
		return new String[] {
				"management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:" + port + "/v1/traces",
				"management.opentelemetry.tracing.export.otlp.timeout=1s",
				"management.opentelemetry.tracing.export.otlp.connect-timeout=1s",
				"management.otlp.metrics.export.enabled=true",
				"management.otlp.metrics.export.url=http://127.0.0.1:" + port + "/v1/metrics",
				"management.otlp.metrics.export.connect-timeout=1s", "management.otlp.metrics.export.read-timeout=1s" };
	}

	private void assertUserCallsAreUnaffectedAndFailureIsLoggedOnce(ConfigurableApplicationContext context)
			throws Exception {
		assertFailureIsLoggedOnce(drive(context));
		assertWorkersAreClean(context);
	}

	private static void assertFailureIsLoggedOnce(List<ILoggingEvent> failures) {
		assertThat(failures).filteredOn((event) -> event.getLevel() == Level.WARN).hasSize(1);
		assertThat(failures).filteredOn((event) -> event.getLevel() == Level.DEBUG).hasSizeGreaterThan(ROUNDS);
		assertThat(failures).allSatisfy((event) -> assertThat(event.getLevel()).isIn(Level.WARN, Level.DEBUG));
	}

	/**
	 * Make {@link #ROUNDS} rounds of every kind of call and check each result; return the
	 * starter's failure log events meanwhile.
	 */
	private List<ILoggingEvent> drive(ConfigurableApplicationContext context) throws Exception {
		Worker worker = context.getBean(Worker.class);
		Quotes quotes = context.getBean(Quotes.class);
		ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		Logger logger = (Logger) LoggerFactory.getLogger("io.github.asynctelemetry");
		appender.start();
		logger.addAppender(appender);
		try {
			for (int i = 0; i < ROUNDS; i++) {
				String value = "value-" + i;
				IllegalStateException failure = new IllegalStateException("failure-" + i);
				assertThat(worker.echo(value).get(10, TimeUnit.SECONDS)).isEqualTo(value);
				assertThatExceptionOfType(ExecutionException.class)
					.isThrownBy(() -> worker.fail(failure).get(10, TimeUnit.SECONDS))
					.satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failure));
				assertThat(executor.submit(() -> value).get(10, TimeUnit.SECONDS)).isEqualTo(value);
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> executor.submit(() -> {
					throw failure;
				}).get(10, TimeUnit.SECONDS)).satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failure));
				CountDownLatch ran = new CountDownLatch(1);
				executor.execute(ran::countDown);
				assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
				assertThat(quotes.completed(value).get(10, TimeUnit.SECONDS)).isEqualTo(value);
				CompletableFuture<String> pending = quotes.pending();
				assertThat(pending.complete(value)).isTrue();
				assertThat(pending.get(10, TimeUnit.SECONDS)).isEqualTo(value);
				assertThatExceptionOfType(ExecutionException.class)
					.isThrownBy(() -> quotes.failed(failure).get(10, TimeUnit.SECONDS))
					.satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failure));
			}
		}
		finally {
			logger.detachAppender(appender);
		}
		return appender.list.stream()
			.filter((event) -> event.getFormattedMessage().startsWith(FAILURE_MESSAGE))
			.toList();
	}

	private static void assertMetersCountEveryCall(ConfigurableApplicationContext context) {
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		assertThat(count(registry, "async_method", "Worker.echo", "finished")).isEqualTo(ROUNDS);
		assertThat(count(registry, "async_method", "Worker.fail", "exception")).isEqualTo(ROUNDS);
		assertThat(count(registry, "future", "Quotes.completed", "finished")).isEqualTo(ROUNDS);
		assertThat(count(registry, "future", "Quotes.pending", "finished")).isEqualTo(ROUNDS);
		assertThat(count(registry, "future", "Quotes.failed", "exception")).isEqualTo(ROUNDS);
		assertThat(count(registry, "task", "BackEndFaultTests.drive", "finished")).isEqualTo(2L * ROUNDS);
		assertThat(count(registry, "task", "BackEndFaultTests.drive", "exception")).isEqualTo(ROUNDS);
	}

	private static long count(MeterRegistry registry, String type, String name, String state) {
		Counter counter = registry.find("asyncio.process.count")
			.tags("type", type, "name", name, "state", state)
			.counter();
		return (counter != null) ? (long) counter.count() : 0;
	}

	/**
	 * Run a probe on every worker thread of the executor at once, and check that none of
	 * them has a current span, observation or MDC entry.
	 */
	private static void assertWorkersAreClean(ConfigurableApplicationContext context) throws Exception {
		ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
		Tracer tracer = context.getBean(Tracer.class);
		ObservationRegistry observations = context.getBean(ObservationRegistry.class);
		List<String> seen = WorkerProbe.probe(executor.getThreadPoolExecutor(), () -> {
			Object span = tracer.currentSpan();
			Object observation = observations.getCurrentObservation();
			Map<String, String> mdc = MDC.getCopyOfContextMap();
			return (span == null && observation == null && (mdc == null || mdc.isEmpty())) ? "clean"
					: span + " " + observation + " " + mdc;
		});
		assertThat(seen).isNotEmpty().containsOnly("clean");
	}

	private static ConfigurableApplicationContext start(Class<?> fault, String... properties) {
		SpringApplication application = new SpringApplication(FaultApplication.class, fault);
		application.setWebApplicationType(WebApplicationType.NONE);
		Map<String, Object> defaults = new HashMap<>();
		defaults.put("otel.instrumentation.async.method-names-to-trace", "*");
		defaults.put("otel.instrumentation.async.task-names-to-trace", "BackEndFaultTests.*");
		defaults.put("otel.instrumentation.async.future-trace-enabled", "true");
		defaults.put("management.tracing.sampling.probability", "1.0");
		defaults.put("management.otlp.metrics.export.enabled", "false");
		defaults.put("spring.task.execution.pool.core-size", "4");
		defaults.put("spring.task.execution.pool.max-size", "4");
		defaults.put("logging.level.io.github.asynctelemetry.unit.FailureLog", "debug");
		for (String property : properties) {
			int equals = property.indexOf('=');
			defaults.put(property.substring(0, equals), property.substring(equals + 1));
		}
		application.setDefaultProperties(defaults);
		return application.run();
	}

	private static boolean isStarterMeter(Meter.Id id) {
		return id.getName().startsWith("asyncio.");
	}

	private static boolean isStarterSpan(String name) {
		return name.startsWith("async ") || name.startsWith("task ") || name.startsWith("future ");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@Import({ Worker.class, Quotes.class })
	static class FaultApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class NoFault {

	}

	@Configuration(proxyBeanMethods = false)
	static class ThrowingMapFilter {

		@Bean
		MeterFilter throwingMapFilter() {
			return new MeterFilter() {

				@Override
				public Meter.Id map(Meter.Id id) {
					if (isStarterMeter(id)) {
						throw new IllegalStateException("meter filter map failure");
					}
					return id;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ThrowingAcceptFilter {

		@Bean
		MeterFilter throwingAcceptFilter() {
			return new MeterFilter() {

				@Override
				public MeterFilterReply accept(Meter.Id id) {
					if (isStarterMeter(id)) {
						throw new IllegalStateException("meter filter accept failure");
					}
					return MeterFilterReply.NEUTRAL;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ThrowingMeterRegistry {

		@Bean
		MeterRegistry throwingMeterRegistry() {
			return new SimpleMeterRegistry(SimpleConfig.DEFAULT, Clock.SYSTEM) {

				@Override
				protected Counter newCounter(Meter.Id id) {
					if (!isStarterMeter(id)) {
						return super.newCounter(id);
					}
					return new CumulativeCounter(id) {

						@Override
						public void increment(double amount) {
							throw new IllegalStateException("counter failure");
						}

					};
				}

				@Override
				protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
					if (!isStarterMeter(id)) {
						return super.newTimer(id, config, pauseDetector);
					}
					return new CumulativeTimer(id, this.clock, config, pauseDetector, getBaseTimeUnit(), false) {

						@Override
						protected void recordNonNegative(long amount, TimeUnit unit) {
							throw new IllegalStateException("timer failure");
						}

					};
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SpanProcessorThrowingOnStart {

		static final AtomicInteger thrown = new AtomicInteger();

		@Bean
		SpanProcessor throwingOnStart() {
			return new SpanProcessor() {

				@Override
				public void onStart(Context parentContext, ReadWriteSpan span) {
					// Micrometer Tracing starts the OpenTelemetry span before naming it
					if (span.getName().equals("<unspecified span name>") || isStarterSpan(span.getName())) {
						thrown.incrementAndGet();
						throw new IllegalStateException("span processor start failure");
					}
				}

				@Override
				public boolean isStartRequired() {
					return true;
				}

				@Override
				public void onEnd(ReadableSpan span) {
				}

				@Override
				public boolean isEndRequired() {
					return false;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SpanProcessorThrowingOnEnd {

		@Bean
		SpanProcessor throwingOnEnd() {
			return new SpanProcessor() {

				@Override
				public void onStart(Context parentContext, ReadWriteSpan span) {
				}

				@Override
				public boolean isStartRequired() {
					return false;
				}

				@Override
				public void onEnd(ReadableSpan span) {
					if (isStarterSpan(span.getName())) {
						throw new IllegalStateException("span processor end failure");
					}
				}

				@Override
				public boolean isEndRequired() {
					return true;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ThrowingObservationHandler {

		@Bean
		ObservationHandler<Observation.Context> throwingObservationHandler() {
			return new ObservationHandler<>() {

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

				@Override
				public void onScopeOpened(Observation.Context context) {
					throwOnWorker("opening");
				}

				private void throwOnWorker(String what) {
					if (Thread.currentThread().getName().startsWith("task-")) {
						throw new IllegalStateException("observation handler failure " + what + " a scope");
					}
				}

			};
		}

	}

	static class Worker {

		@Async
		public CompletableFuture<String> echo(String value) {
			return CompletableFuture.completedFuture(value);
		}

		@Async
		public CompletableFuture<String> fail(RuntimeException failure) {
			throw failure;
		}

	}

	static class Quotes {

		public CompletableFuture<String> completed(String value) {
			return CompletableFuture.completedFuture(value);
		}

		public CompletableFuture<String> pending() {
			return new CompletableFuture<>();
		}

		public CompletableFuture<String> failed(RuntimeException failure) {
			return CompletableFuture.failedFuture(failure);
		}

	}

	/**
	 * An OTLP endpoint that accepts connections and never answers.
	 */
	static final class HangingServer implements AutoCloseable {

		private final ServerSocket socket;

		private final List<Socket> connections = new CopyOnWriteArrayList<>();

		private final CountDownLatch accepted = new CountDownLatch(1);

		private final Thread acceptor;

		HangingServer() throws IOException {
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			this.acceptor = new Thread(this::accept, "hanging-otlp-endpoint");
			this.acceptor.setDaemon(true);
			this.acceptor.start();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		private void accept() {
			while (!this.socket.isClosed()) {
				try {
					this.connections.add(this.socket.accept());
					this.accepted.countDown();
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		@Override
		public void close() throws Exception {
			this.socket.close();
			List<Socket> open = new ArrayList<>(this.connections);
			for (Socket connection : open) {
				connection.close();
			}
			this.acceptor.join(TimeUnit.SECONDS.toMillis(10));
		}

	}

}
