package io.github.asynctelemetry.unit;

/**
 * The kinds of asynchronous unit, the values of the {@value AsyncUnitDocumentation#TYPE_TAG} tag.
 *
 * @author Async Telemetry team
 */
public enum UnitType {

	/**
	 * A call of an {@code @Async} method.
	 */
	ASYNC_METHOD("async_method", "async"),

	/**
	 * A task run by a decorated executor or scheduler.
	 */
	TASK("task", "task"),

	/**
	 * A {@code CompletableFuture} or {@code CompletionStage} returned by a bean
	 * method, or a subscription to a {@code Mono}, {@code Flux} or Kotlin {@code Flow}
	 * that one returned.
	 */
	FUTURE("future", "future"),

	/**
	 * A call of a Kotlin {@code suspend} function of a bean, suspensions included.
	 */
	COROUTINE("coroutine", "coroutine");

	private final String tagValue;

	private final String spanPrefix;

	UnitType(String tagValue, String spanPrefix) {
		this.tagValue = tagValue;
		this.spanPrefix = spanPrefix;
	}

	/**
	 * Return the value of the {@value AsyncUnitDocumentation#TYPE_TAG} tag.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

	/**
	 * Return the first word of span names of this type.
	 * @return the span name prefix
	 */
	public String spanPrefix() {
		return this.spanPrefix;
	}

	/**
	 * Return the span name of a unit of this type.
	 * @param name the unit name
	 * @return the span name
	 */
	public String spanName(String name) {
		return this.spanPrefix + " " + name;
	}

}
