package io.github.asynctelemetry.reliability;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import io.github.asynctelemetry.task.AsyncTasks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Shutdown: units still running when the application context closes finish with their
 * normal results and without errors from the starter; the spans of units that finished
 * before are flushed by Spring Boot's shutdown of the OpenTelemetry SDK; futures that
 * complete after the close are still counted and their callbacks do not fail.
 *
 * @author Async Telemetry team
 */
class ShutdownTests {

	private static final String STARTER_PACKAGE = "io.github.asynctelemetry.";

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	private ConfigurableApplicationContext context;

	@BeforeEach
	void start() {
		SpringApplication application = new SpringApplication(ShutdownApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("otel.instrumentation.async.method-names-to-trace", "*",
				"otel.instrumentation.async.task-names-to-trace", "flushed-task,running-task",
				"otel.instrumentation.async.future-trace-enabled", "true",
				"management.tracing.sampling.probability", "1.0", "management.otlp.metrics.export.enabled", "false",
				"management.opentelemetry.tracing.export.schedule-delay", "1h"));
		this.context = application.run();
		this.appender.start();
		this.root.addAppender(this.appender);
	}

	@AfterEach
	void stop() {
		this.root.detachAppender(this.appender);
		this.context.close();
	}

	@Test
	void unitsRunningWhenTheContextClosesFinishWithoutErrorsFromTheStarter() throws Exception {
		ShutdownService service = this.context.getBean(ShutdownService.class);
		ThreadPoolTaskExecutor executor = this.context.getBean("shutdownExecutor", ThreadPoolTaskExecutor.class);
		ClosingListener closing = this.context.getBean(ClosingListener.class);
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		warmUp(service, executor);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch running = new CountDownLatch(2);
		CompletableFuture<String> call = service.await(running, release);
		Future<String> task = executor.submit(AsyncTasks.named("running-task", () -> {
			running.countDown();
			release.await(30, TimeUnit.SECONDS);
			return "task done";
		}));
		Future<String> queued = executor.submit(AsyncTasks.named("running-task", () -> "queued done"));
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		Thread closer = new Thread(this.context::close, "closer");
		closer.start();
		assertThat(closing.closing.await(10, TimeUnit.SECONDS)).isTrue();
		release.countDown();
		closer.join(TimeUnit.SECONDS.toMillis(60));
		assertThat(closer.isAlive()).isFalse();
		assertThat(this.context.isActive()).isFalse();
		assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("call done");
		assertThat(task.get(10, TimeUnit.SECONDS)).isEqualTo("task done");
		assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("queued done");
		assertThat(executor.getThreadPoolExecutor().awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(count(registry, "async_method", "ShutdownService.await", "finished")).isEqualTo(2);
		assertThat(count(registry, "future", "ShutdownService.await", "finished")).isEqualTo(2);
		assertThat(count(registry, "task", "running-task", "finished")).isEqualTo(3);
		assertThat(starterProblems()).isEmpty();
	}

	@Test
	void spansOfFinishedUnitsAreFlushedWhenSpringBootShutsTheSdkDown() throws Exception {
		ShutdownService service = this.context.getBean(ShutdownService.class);
		ThreadPoolTaskExecutor executor = this.context.getBean("shutdownExecutor", ThreadPoolTaskExecutor.class);
		RecordingSpanExporter exporter = this.context.getBean(RecordingSpanExporter.class);
		ShutdownQuotes quotes = this.context.getBean(ShutdownQuotes.class);
		for (int i = 0; i < 10; i++) {
			assertThat(service.echo("value").get(10, TimeUnit.SECONDS)).isEqualTo("value");
			assertThat(executor.submit(AsyncTasks.named("flushed-task", () -> "value")).get(10, TimeUnit.SECONDS))
				.isEqualTo("value");
			assertThat(quotes.completed("value").get(10, TimeUnit.SECONDS)).isEqualTo("value");
		}
		WorkerProbe.probe(executor.getThreadPoolExecutor(), () -> null);
		assertThat(exporter.exported).isEmpty();
		this.context.close();
		assertThat(exporter.shutDown).isTrue();
		assertThat(exporter.exported).extracting(SpanData::getName)
			.containsOnly("async ShutdownService.echo", "future ShutdownService.echo", "task flushed-task",
					"future ShutdownQuotes.completed")
			.hasSize(40);
		assertThat(starterProblems()).isEmpty();
	}

	@Test
	void futuresCompletingAfterTheCloseAreCountedAndTheirCallbacksDoNotFail() throws Exception {
		ShutdownQuotes quotes = this.context.getBean(ShutdownQuotes.class);
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		IllegalStateException failure = new IllegalStateException("after close");
		for (String state : List.of("finished", "exception", "cancelled")) {
			complete(quotes.pending(), state, failure);
		}
		List<CompletableFuture<String>> pending = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			pending.add(quotes.pending());
		}
		this.context.close();
		assertThat(this.context.isActive()).isFalse();
		assertThat(pending.get(0).complete("late")).isTrue();
		assertThat(pending.get(0).get()).isEqualTo("late");
		assertThat(pending.get(1).completeExceptionally(failure)).isTrue();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> pending.get(1).get())
			.satisfies((ex) -> assertThat(ex.getCause()).isSameAs(failure));
		assertThat(pending.get(2).cancel(false)).isTrue();
		assertThat(count(registry, "future", "ShutdownQuotes.pending", "finished")).isEqualTo(2);
		assertThat(count(registry, "future", "ShutdownQuotes.pending", "exception")).isEqualTo(2);
		assertThat(count(registry, "future", "ShutdownQuotes.pending", "cancelled")).isEqualTo(2);
		assertThat(starterProblems()).isEmpty();
	}

	private static void complete(CompletableFuture<String> future, String state, RuntimeException failure) {
		switch (state) {
			case "finished" -> future.complete("value");
			case "exception" -> future.completeExceptionally(failure);
			default -> future.cancel(false);
		}
	}

	/**
	 * Register the meters of the units before the close, as a running application has.
	 */
	private static void warmUp(ShutdownService service, ThreadPoolTaskExecutor executor) throws Exception {
		CountDownLatch released = new CountDownLatch(0);
		assertThat(service.await(new CountDownLatch(2), released).get(10, TimeUnit.SECONDS)).isEqualTo("call done");
		assertThat(executor.submit(AsyncTasks.named("running-task", () -> "warm")).get(10, TimeUnit.SECONDS))
			.isEqualTo("warm");
		WorkerProbe.probe(executor.getThreadPoolExecutor(), () -> null);
	}

	/**
	 * Return the warnings and errors logged by the starter, or logged by anyone with a
	 * stack trace through the starter's code.
	 */
	private List<String> starterProblems() {
		List<String> problems = new ArrayList<>();
		for (ILoggingEvent event : this.appender.list) {
			if (event.getLevel().isGreaterOrEqual(Level.WARN)
					&& (isStarterClass(event.getLoggerName()) || passesThroughStarter(event.getThrowableProxy()))) {
				problems.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage());
			}
		}
		return problems;
	}

	private static boolean passesThroughStarter(IThrowableProxy throwable) {
		for (IThrowableProxy candidate = throwable; candidate != null; candidate = candidate.getCause()) {
			for (StackTraceElementProxy frame : candidate.getStackTraceElementProxyArray()) {
				if (isStarterClass(frame.getStackTraceElement().getClassName())) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean isStarterClass(String name) {
		return name.startsWith(STARTER_PACKAGE) && !name.startsWith(STARTER_PACKAGE + "reliability.");
	}

	private static long count(MeterRegistry registry, String type, String name, String state) {
		Counter counter = registry.find("asyncio.process.count")
			.tags("type", type, "name", name, "state", state)
			.counter();
		return (counter != null) ? (long) counter.count() : 0;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@Import({ ShutdownService.class, ShutdownQuotes.class, ClosingListener.class })
	static class ShutdownApplication {

		@Bean
		SimpleMeterRegistry simpleMeterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		RecordingSpanExporter recordingSpanExporter() {
			return new RecordingSpanExporter();
		}

		@Bean
		ThreadPoolTaskExecutor shutdownExecutor(ThreadPoolTaskExecutorBuilder builder) {
			ThreadPoolTaskExecutor executor = builder.build();
			executor.setCorePoolSize(2);
			executor.setMaxPoolSize(2);
			executor.setThreadNamePrefix("shutdown-");
			executor.setWaitForTasksToCompleteOnShutdown(true);
			executor.setAwaitTerminationSeconds(30);
			return executor;
		}

	}

	static class ShutdownService {

		@Async("shutdownExecutor")
		public CompletableFuture<String> await(CountDownLatch running, CountDownLatch release)
				throws InterruptedException {
			running.countDown();
			assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
			return CompletableFuture.completedFuture("call done");
		}

		@Async("shutdownExecutor")
		public CompletableFuture<String> echo(String value) {
			return CompletableFuture.completedFuture(value);
		}

	}

	static class ShutdownQuotes {

		public CompletableFuture<String> completed(String value) {
			return CompletableFuture.completedFuture(value);
		}

		public CompletableFuture<String> pending() {
			return new CompletableFuture<>();
		}

	}

	static class ClosingListener implements ApplicationListener<ContextClosedEvent> {

		final CountDownLatch closing = new CountDownLatch(1);

		@Override
		public void onApplicationEvent(ContextClosedEvent event) {
			this.closing.countDown();
		}

	}

	/**
	 * An exporter that keeps what it is given; Spring Boot puts it behind its batch span
	 * processor.
	 */
	static class RecordingSpanExporter implements SpanExporter {

		final List<SpanData> exported = new CopyOnWriteArrayList<>();

		volatile boolean shutDown;

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.exported.addAll(spans);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			this.shutDown = true;
			return CompletableResultCode.ofSuccess();
		}

	}

}
