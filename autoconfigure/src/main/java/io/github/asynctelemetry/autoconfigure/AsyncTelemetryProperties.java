package io.github.asynctelemetry.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the async telemetry instrumentation. Lists bind from YAML
 * lists and from comma-separated strings, so that the environment form
 * {@code OTEL_INSTRUMENTATION_ASYNC_METHOD_NAMES_TO_TRACE=sendEmail,OrderService.*} works.
 *
 * @author Async Telemetry team
 */
@ConfigurationProperties(AsyncTelemetryProperties.PREFIX)
public class AsyncTelemetryProperties {

	/**
	 * Prefix of the properties.
	 */
	public static final String PREFIX = "otel.instrumentation.async";

	/**
	 * Whether to instrument @Async methods, executor tasks and returned futures. When
	 * false, no interceptor, task decorator, meter or span is added.
	 */
	private boolean enabled = true;

	/**
	 * Names of @Async methods that also get a span 'async SimpleClassName.method', and of
	 * Kotlin suspend functions that also get a span 'coroutine SimpleClassName.method',
	 * written as 'method', 'SimpleClassName.method' or
	 * 'com.example.SimpleClassName.method'; '*' matches any run of characters
	 * ('OrderService.*', '*Report*', '*'). Every call gets meters regardless.
	 */
	private List<String> methodNamesToTrace = new ArrayList<>();

	/**
	 * Names of executor tasks that also get a span 'task <name>'; '*' matches any run of
	 * characters. Every task gets meters regardless.
	 */
	private List<String> taskNamesToTrace = new ArrayList<>();

	/**
	 * Whether CompletableFuture and CompletionStage results, and each subscription to a
	 * returned Mono, Flux or Kotlin Flow, also get a span 'future SimpleClassName.method',
	 * ended when the future completes. Every future gets meters regardless.
	 */
	private boolean futureTraceEnabled = false;

	/**
	 * Maximum number of distinct task names, at least 1. Further names are recorded under
	 * the overflow name 'other' and a single warning is logged.
	 */
	private int maxTaskNames = 200;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getMethodNamesToTrace() {
		return this.methodNamesToTrace;
	}

	public void setMethodNamesToTrace(List<String> methodNamesToTrace) {
		this.methodNamesToTrace = methodNamesToTrace;
	}

	public List<String> getTaskNamesToTrace() {
		return this.taskNamesToTrace;
	}

	public void setTaskNamesToTrace(List<String> taskNamesToTrace) {
		this.taskNamesToTrace = taskNamesToTrace;
	}

	public boolean isFutureTraceEnabled() {
		return this.futureTraceEnabled;
	}

	public void setFutureTraceEnabled(boolean futureTraceEnabled) {
		this.futureTraceEnabled = futureTraceEnabled;
	}

	public int getMaxTaskNames() {
		return this.maxTaskNames;
	}

	public void setMaxTaskNames(int maxTaskNames) {
		this.maxTaskNames = maxTaskNames;
	}

}
