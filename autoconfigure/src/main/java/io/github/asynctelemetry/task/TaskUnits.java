package io.github.asynctelemetry.task;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.asynctelemetry.names.NameSelector;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitConventions;
import io.github.asynctelemetry.unit.AsyncUnitConventions.UnitType;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The units of task names, with the cap on distinct names. The first {@code maxNames}
 * distinct names get their own unit; every further name shares the unit
 * {@value AsyncUnitConventions#TASK_OVERFLOW_NAME} and a single warning is logged. The
 * overflow and fallback names do not count towards the cap; a submitter name that a
 * name given while the task runs later replaces does. The
 * trace decision is taken once per admitted name, so the selector's cache stays bounded
 * too. A known name costs one map lookup; a name past the cap costs one map lookup and
 * one atomic read, and is not remembered.
 *
 * @author Async Telemetry team
 */
final class TaskUnits {

	private static final Log logger = LogFactory.getLog(TaskUnits.class);

	private final AsyncUnitRecorder recorder;

	private final NameSelector selector;

	private final int maxNames;

	private final Map<String, TaskUnit> units = new ConcurrentHashMap<>();

	private final AtomicInteger admitted = new AtomicInteger();

	private final AtomicBoolean warned = new AtomicBoolean();

	private final TaskUnit overflow;

	private final TaskUnit fallback;

	TaskUnits(AsyncUnitRecorder recorder, NameSelector selector, int maxNames) {
		this.recorder = recorder;
		this.selector = selector;
		this.maxNames = maxNames;
		this.overflow = create(AsyncUnitConventions.TASK_OVERFLOW_NAME);
		this.fallback = create(AsyncUnitConventions.TASK_FALLBACK_NAME);
	}

	/**
	 * Return the unit of tasks that no naming rule names. It does not count towards the
	 * cap.
	 * @return the fallback unit
	 */
	TaskUnit fallback() {
		return this.fallback;
	}

	/**
	 * Return the unit of a task name, or the overflow unit past the cap.
	 * @param name the task name
	 * @return the unit
	 */
	TaskUnit unit(String name) {
		TaskUnit unit = this.units.get(name);
		if (unit != null) {
			return unit;
		}
		if (this.admitted.get() >= this.maxNames) {
			return overflow();
		}
		unit = this.units.computeIfAbsent(name,
				(key) -> (this.admitted.incrementAndGet() <= this.maxNames) ? create(key) : null);
		return (unit != null) ? unit : overflow();
	}

	private TaskUnit create(String name) {
		AsyncUnit meters = this.recorder.unit(UnitType.TASK, name);
		boolean traced = this.selector.selectsName(name);
		if (traced) {
			meters.markTraced();
		}
		return new TaskUnit(meters, traced);
	}

	private TaskUnit overflow() {
		if (this.warned.compareAndSet(false, true)) {
			logger.warn("More than " + this.maxNames + " distinct task names were seen; further task names are "
					+ "recorded as '" + AsyncUnitConventions.TASK_OVERFLOW_NAME + "'. Give tasks fewer distinct names "
					+ "or raise 'otel.instrumentation.async.max-task-names'.");
		}
		return this.overflow;
	}

}
