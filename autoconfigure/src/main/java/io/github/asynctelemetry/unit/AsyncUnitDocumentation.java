package io.github.asynctelemetry.unit;

/**
 * The telemetry contract in one place: every meter name, tag key, tag value, span name
 * and span attribute that the starter produces.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>Meter</th><th>Type</th><th>Tags</th></tr>
 * <tr><td>{@value #DURATION_METER}</td><td>Timer (seconds)</td><td>{@value #TYPE_TAG},
 * {@value #NAME_TAG}, {@value #STATE_TAG}</td></tr>
 * <tr><td>{@value #COUNT_METER}</td><td>Counter</td><td>{@value #TYPE_TAG},
 * {@value #NAME_TAG}, {@value #STATE_TAG}</td></tr>
 * <tr><td>{@value #ACTIVE_METER}</td><td>Gauge</td><td>{@value #TYPE_TAG},
 * {@value #NAME_TAG}</td></tr>
 * <tr><td>{@value #OLDEST_ACTIVE_METER}</td><td>Gauge (seconds)</td><td>{@value #TYPE_TAG},
 * {@value #NAME_TAG}</td></tr>
 * <tr><td>{@value #QUEUE_WAIT_METER}</td><td>Timer (seconds)</td><td>{@value #TYPE_TAG},
 * {@value #NAME_TAG}</td></tr>
 * </table>
 * <p>
 * Tag values come from {@link UnitType} and {@link UnitState}. Span names are
 * {@code <prefix> <name>} where the prefix comes from {@link UnitType#spanPrefix()}, for
 * example {@code async OrderService.sendConfirmation}, {@code task report-render} or
 * {@code future PriceService.quote}. Spans carry the attributes {@value #TYPE_ATTRIBUTE},
 * {@value #NAME_ATTRIBUTE}, {@value #STATE_ATTRIBUTE} and, for {@code async_method}
 * spans, {@value #QUEUE_WAIT_ATTRIBUTE}. Task names past the cap of distinct names are
 * recorded as {@value #TASK_OVERFLOW_NAME}; tasks that no naming rule names are recorded
 * as {@value #TASK_FALLBACK_NAME}.
 *
 * @author Async Telemetry team
 */
public final class AsyncUnitDocumentation {

	/**
	 * Timer of the time a unit ran, in seconds.
	 */
	public static final String DURATION_METER = "asyncio.process.duration";

	/**
	 * Description of {@link #DURATION_METER}.
	 */
	public static final String DURATION_DESCRIPTION = "Duration of asynchronous units: @Async calls, executor tasks and futures";

	/**
	 * Counter of finished units.
	 */
	public static final String COUNT_METER = "asyncio.process.count";

	/**
	 * Description of {@link #COUNT_METER}.
	 */
	public static final String COUNT_DESCRIPTION = "Number of asynchronous units: @Async calls, executor tasks and futures";

	/**
	 * Gauge of the units started and not yet ended: an {@code @Async} body running or
	 * waiting for the future it returned, a task running, a future not yet completed.
	 * Units that never started (refused by their executor, cancelled before their body
	 * ran) are never active.
	 */
	public static final String ACTIVE_METER = "asyncio.process.active";

	/**
	 * Description of {@link #ACTIVE_METER}.
	 */
	public static final String ACTIVE_DESCRIPTION = "Asynchronous units started and not yet ended: @Async calls, executor tasks and futures";

	/**
	 * Gauge of how long the oldest unit started and not yet ended has been running, in
	 * seconds, to about a second; zero when none is active.
	 */
	public static final String OLDEST_ACTIVE_METER = "asyncio.process.oldest_active";

	/**
	 * Description of {@link #OLDEST_ACTIVE_METER}.
	 */
	public static final String OLDEST_ACTIVE_DESCRIPTION = "How long the oldest asynchronous unit started and not yet ended has been running";

	/**
	 * Timer of the time an {@code @Async} call or a task waited between its submission to
	 * an executor and the start of its code, in seconds: one sample per unit that an
	 * executor ran on another thread than the submitting one.
	 */
	public static final String QUEUE_WAIT_METER = "asyncio.process.queue_wait";

	/**
	 * Description of {@link #QUEUE_WAIT_METER}.
	 */
	public static final String QUEUE_WAIT_DESCRIPTION = "Time asynchronous units waited between their submission to an executor and their start: @Async calls and executor tasks";

	/**
	 * Tag key of the unit type, values from {@link UnitType#tagValue()}.
	 */
	public static final String TYPE_TAG = "type";

	/**
	 * Tag key of the unit name: {@code SimpleClassName.method} or the task name.
	 */
	public static final String NAME_TAG = "name";

	/**
	 * Tag key of the outcome, values from {@link UnitState#tagValue()}.
	 */
	public static final String STATE_TAG = "state";

	/**
	 * Span attribute holding the unit type.
	 */
	public static final String TYPE_ATTRIBUTE = "asyncio.type";

	/**
	 * Span attribute holding the unit name.
	 */
	public static final String NAME_ATTRIBUTE = "asyncio.name";

	/**
	 * Span attribute holding the outcome.
	 */
	public static final String STATE_ATTRIBUTE = "asyncio.state";

	/**
	 * Span attribute of the spans of units that an executor ran on another thread than the
	 * submitting one: the time in seconds between the submission (the {@code @Async}
	 * call, the task's submission) and the start of the unit's code.
	 */
	public static final String QUEUE_WAIT_ATTRIBUTE = "asyncio.queue_wait";

	/**
	 * Name shared by every {@code task} unit past the {@code max-task-names} cap of
	 * distinct task names.
	 */
	public static final String TASK_OVERFLOW_NAME = "other";

	/**
	 * Name of a {@code task} unit for which no naming rule applies: no explicit name, no
	 * {@code @Scheduled} method, no user-written task class and no user method on the
	 * submitting thread's stack.
	 */
	public static final String TASK_FALLBACK_NAME = "unnamed";

	private AsyncUnitDocumentation() {
	}


}
