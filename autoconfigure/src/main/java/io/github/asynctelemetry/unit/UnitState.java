package io.github.asynctelemetry.unit;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * How a unit ended, the values of the {@value AsyncUnitDocumentation#STATE_TAG} tag.
 *
 * @author Async Telemetry team
 */
public enum UnitState {

	/**
	 * The unit returned or completed normally.
	 */
	FINISHED("finished"),

	/**
	 * The unit threw or completed exceptionally.
	 */
	EXCEPTION("exception"),

	/**
	 * The unit was cancelled ({@code cancel()} or a {@link CancellationException}).
	 */
	CANCELLED("cancelled"),

	/**
	 * The unit timed out (a {@link TimeoutException}, including {@code orTimeout}, or
	 * Kotlin's {@code TimeoutCancellationException} of {@code withTimeout}).
	 */
	TIMEOUT("timeout"),

	/**
	 * The executor refused the unit.
	 */
	REJECTED("rejected");

	private static final String KOTLIN_TIMEOUT = "kotlinx.coroutines.TimeoutCancellationException";

	/**
	 * Kotlin's {@code TimeoutCancellationException}, a cancellation that is a timeout,
	 * when Kotlin coroutines are on the class path.
	 */
	private static final @Nullable Class<?> kotlinTimeout = ClassUtils.isPresent(KOTLIN_TIMEOUT,
			UnitState.class.getClassLoader())
					? ClassUtils.resolveClassName(KOTLIN_TIMEOUT, UnitState.class.getClassLoader()) : null;

	private final String tagValue;

	UnitState(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the value of the {@value AsyncUnitDocumentation#STATE_TAG} tag.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

	/**
	 * Return the state of a unit that ended with the given failure, or
	 * {@link #FINISHED} when there is none. {@link CompletionException} and
	 * {@link ExecutionException} wrappers are looked through.
	 * @param failure the failure, or {@code null}
	 * @return the state
	 */
	public static UnitState of(@Nullable Throwable failure) {
		if (failure == null) {
			return FINISHED;
		}
		Throwable cause = unwrap(failure);
		if (cause instanceof CancellationException) {
			return (kotlinTimeout != null && kotlinTimeout.isInstance(cause)) ? TIMEOUT : CANCELLED;
		}
		if (cause instanceof TimeoutException) {
			return TIMEOUT;
		}
		if (cause instanceof RejectedExecutionException) {
			return REJECTED;
		}
		return EXCEPTION;
	}

	/**
	 * Return the failure without {@link CompletionException} or
	 * {@link ExecutionException} wrappers.
	 * @param failure the failure
	 * @return the innermost cause of the wrappers
	 */
	public static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
