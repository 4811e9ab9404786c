package io.github.asynctelemetry.actuate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.asynctelemetry.task.ExecutorCoverage;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitDocumentation;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.UnitState;
import io.github.asynctelemetry.unit.UnitType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@link Endpoint @Endpoint} that answers "why is my method not traced?": it shows the
 * effective configuration of the instrumentation and, for every {@code @Async} method,
 * task name and future-returning method seen so far, whether its units get spans, the
 * span name they get, how many units it has recorded, in total and per state, and how
 * many are active (started and not yet ended).
 * <p>
 * A unit appears once the instrumentation has met it: at the first call of an
 * {@code @Async} or future-returning method, at the first task of a name (the overflow
 * and fallback task names {@code other} and {@code unnamed} once they have started or
 * recorded a unit). Whether it is
 * traced is the decision the instrumentation took then, not a new evaluation of the
 * configuration. Reading the endpoint walks the units seen so far; it costs nothing while
 * nobody reads it.
 *
 * @author Async Telemetry team
 */
@Endpoint(id = "asyncio")
public class AsyncTelemetryEndpoint {

	private static final UnitState[] STATES = UnitState.values();

	private final AsyncUnitRecorder recorder;

	private final ConfigurationDescriptor configuration;

	private final @Nullable ExecutorCoverage executors;

	/**
	 * Create an endpoint that reports no executors.
	 * @param recorder the recorder whose units are reported
	 * @param configuration the effective configuration of the instrumentation
	 */
	public AsyncTelemetryEndpoint(AsyncUnitRecorder recorder, ConfigurationDescriptor configuration) {
		this(recorder, configuration, null);
	}

	/**
	 * Create an endpoint.
	 * @param recorder the recorder whose units are reported
	 * @param configuration the effective configuration of the instrumentation
	 * @param executors the coverage of the application's executors, or {@code null} when
	 * tasks are not instrumented
	 */
	public AsyncTelemetryEndpoint(AsyncUnitRecorder recorder, ConfigurationDescriptor configuration,
			@Nullable ExecutorCoverage executors) {
		this.recorder = recorder;
		this.configuration = configuration;
		this.executors = executors;
	}

	/**
	 * Return the configuration and the units seen so far.
	 * @return the descriptor of the instrumentation
	 */
	@ReadOperation
	public AsyncTelemetryDescriptor asyncio() {
		Map<String, List<UnitDescriptor>> units = new LinkedHashMap<>();
		for (UnitType type : UnitType.values()) {
			units.put(type.tagValue(), new ArrayList<>());
		}
		for (AsyncUnit unit : this.recorder.seen()) {
			if (unit.getRecorded() > 0 || unit.getActive() > 0 || !isReservedTaskName(unit)) {
				units.get(unit.getType().tagValue()).add(UnitDescriptor.of(unit, this.recorder.sources(unit)));
			}
		}
		units.values().forEach((list) -> list.sort(Comparator.comparing(UnitDescriptor::name)));
		return new AsyncTelemetryDescriptor(this.configuration, units,
				(this.executors != null) ? this.executors.entries() : List.of(),
				this.recorder.getFailureLog().hasFailed());
	}

	/**
	 * Whether a unit is the overflow or fallback task name, which exist before any task
	 * is given them and so are only reported once they have started or recorded a unit.
	 */
	private static boolean isReservedTaskName(AsyncUnit unit) {
		return unit.getType() == UnitType.TASK && (unit.getName().equals(AsyncUnitDocumentation.TASK_OVERFLOW_NAME)
				|| unit.getName().equals(AsyncUnitDocumentation.TASK_FALLBACK_NAME));
	}

	/**
	 * The answer of the endpoint.
	 *
	 * @param configuration the effective configuration
	 * @param units the units seen so far by type tag value ({@code async_method},
	 * {@code task}, {@code future}), each list sorted by name
	 * @param executors every executor and scheduler bean of the application, by bean
	 * name, then the executors Spring uses without their being beans (the default
	 * {@code @Async} executor an {@code AsyncConfigurer} makes, the scheduler a
	 * {@code SchedulingConfigurer} sets): whether its tasks are covered and, when not,
	 * why and what to do, what Spring uses it for, and its load now ({@code active},
	 * {@code queued}, {@code limit}) where the executor can tell
	 * @param instrumentationFailed whether the instrumentation itself has failed at least
	 * once (a meter registry or tracer that threw); the first failure is in the log
	 */
	public record AsyncTelemetryDescriptor(ConfigurationDescriptor configuration,
			Map<String, List<UnitDescriptor>> units, List<ExecutorCoverage.Entry> executors,
			boolean instrumentationFailed) implements OperationResponseBody {

	}

	/**
	 * The effective configuration of the instrumentation, as bound at start-up from the
	 * {@code otel.instrumentation.async} properties.
	 *
	 * @param enabled whether the instrumentation is enabled
	 * @param methodNamesToTrace the entries selecting {@code @Async} methods for spans
	 * @param taskNamesToTrace the entries selecting task names for spans
	 * @param futureTraceEnabled whether returned futures get spans
	 * @param maxTaskNames the cap on distinct task names
	 */
	public record ConfigurationDescriptor(boolean enabled, List<String> methodNamesToTrace,
			List<String> taskNamesToTrace, boolean futureTraceEnabled, int maxTaskNames) {

		/**
		 * Create a descriptor holding copies of the given lists.
		 * @param enabled whether the instrumentation is enabled
		 * @param methodNamesToTrace the entries selecting {@code @Async} methods
		 * @param taskNamesToTrace the entries selecting task names
		 * @param futureTraceEnabled whether returned futures get spans
		 * @param maxTaskNames the cap on distinct task names
		 */
		public ConfigurationDescriptor {
			methodNamesToTrace = List.copyOf(methodNamesToTrace);
			taskNamesToTrace = List.copyOf(taskNamesToTrace);
		}

	}

	/**
	 * One unit type and name.
	 *
	 * @param name the unit name, the value of the {@code name} tag
	 * @param traced whether every unit of this name gets a span: {@code false} when some
	 * source of the name is not traced (two classes of the same simple name, one
	 * selected), in which case {@code sources} says which are
	 * @param spanName the name of their spans when any source is traced, {@code null}
	 * otherwise
	 * @param sources when the name has more than one source, each one's qualified name
	 * (for example {@code com.example.billing.Notifier.ping}) and whether its units get
	 * spans; {@code null} for a name with one source
	 * @param recorded how many units were recorded since start-up
	 * @param states how many of them ended in each state, for the states seen
	 * @param active how many units are started and not yet ended: a body or task
	 * running, a future not yet completed
	 * @param oldestActiveSeconds how long the oldest of them has been running, in seconds
	 * (to about a second); {@code null} when none is active
	 */
	public record UnitDescriptor(String name, boolean traced, @Nullable String spanName,
			@Nullable Map<String, Boolean> sources, long recorded, Map<String, Long> states, long active,
			@Nullable Double oldestActiveSeconds) {

		static UnitDescriptor of(AsyncUnit unit, Map<String, Boolean> sources) {
			Map<String, Long> states = new LinkedHashMap<>();
			long recorded = 0;
			for (UnitState state : STATES) {
				long count = unit.getRecorded(state);
				if (count > 0) {
					states.put(state.tagValue(), count);
					recorded += count;
				}
			}
			boolean traced = !sources.isEmpty() && !sources.containsValue(false);
			boolean anyTraced = sources.containsValue(true);
			return new UnitDescriptor(unit.getName(), traced, (anyTraced) ? unit.getSpanName() : null,
					(sources.size() > 1) ? sources : null, recorded, states, unit.getActive(),
					unit.getOldestActiveSeconds());
		}

	}

}
