package io.github.asynctelemetry.unit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link AsyncUnitRecorder} and the {@link AsyncUnit units} it hands out.
 *
 * @author Async Telemetry team
 */
@ExtendWith(OutputCaptureExtension.class)
class AsyncUnitRecorderTests {

	private static final long FIVE_MILLIS = TimeUnit.MILLISECONDS.toNanos(5);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final FailureLog failureLog = new FailureLog();

	private final AsyncUnitRecorder recorder = new AsyncUnitRecorder(this.registry, this.failureLog);

	@Test
	void recordingOneUnitGivesExactlyOneCountAndOneDurationSample() {
		this.recorder.unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail").record(UnitState.FINISHED, FIVE_MILLIS);
		Counter counter = counter("async_method", "OrderService.sendEmail", "finished");
		Timer timer = timer("async_method", "OrderService.sendEmail", "finished");
		assertThat(counter.count()).isEqualTo(1.0);
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(FIVE_MILLIS);
		assertThat(this.registry.getMeters()).hasSize(2);
	}

	@Test
	void metersCarryExactlyTheTypeNameAndStateTags() {
		this.recorder.unit(UnitType.TASK, "report-render").record(UnitState.EXCEPTION, FIVE_MILLIS);
		Tag[] expected = { Tag.of("type", "task"), Tag.of("name", "report-render"), Tag.of("state", "exception") };
		assertThat(this.registry.getMeters()).hasSize(2)
			.allSatisfy((meter) -> assertThat(meter.getId().getTags()).containsExactlyInAnyOrder(expected));
	}

	@Test
	void metersHaveTheContractNamesTypesAndDescriptions() {
		this.recorder.unit(UnitType.FUTURE, "PriceService.quote").record(UnitState.FINISHED, FIVE_MILLIS);
		Meter.Id timerId = timer("future", "PriceService.quote", "finished").getId();
		Meter.Id counterId = counter("future", "PriceService.quote", "finished").getId();
		assertThat(timerId.getName()).isEqualTo("asyncio.process.duration");
		assertThat(timerId.getType()).isEqualTo(Meter.Type.TIMER);
		assertThat(timerId.getDescription()).isEqualTo(AsyncUnitDocumentation.DURATION_DESCRIPTION);
		assertThat(counterId.getName()).isEqualTo("asyncio.process.count");
		assertThat(counterId.getType()).isEqualTo(Meter.Type.COUNTER);
		assertThat(counterId.getDescription()).isEqualTo(AsyncUnitDocumentation.COUNT_DESCRIPTION);
	}

	@Test
	void everyTypeIsTaggedWithItsContractValue() {
		this.recorder.unit(UnitType.ASYNC_METHOD, "X.m").record(UnitState.FINISHED, 1);
		this.recorder.unit(UnitType.TASK, "X.m").record(UnitState.FINISHED, 1);
		this.recorder.unit(UnitType.FUTURE, "X.m").record(UnitState.FINISHED, 1);
		assertThat(this.registry.find("asyncio.process.count").counters())
			.extracting((counter) -> counter.getId().getTag("type"))
			.containsExactlyInAnyOrder("async_method", "task", "future");
	}

	@Test
	void eachStateHasItsOwnMeters() {
		AsyncUnit unit = this.recorder.unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail");
		unit.record(UnitState.FINISHED, FIVE_MILLIS);
		unit.record(UnitState.FINISHED, FIVE_MILLIS);
		unit.record(UnitState.EXCEPTION, FIVE_MILLIS);
		unit.record(UnitState.CANCELLED, FIVE_MILLIS);
		unit.record(UnitState.TIMEOUT, FIVE_MILLIS);
		unit.record(UnitState.REJECTED, FIVE_MILLIS);
		assertThat(counter("async_method", "OrderService.sendEmail", "finished").count()).isEqualTo(2.0);
		assertThat(timer("async_method", "OrderService.sendEmail", "finished").count()).isEqualTo(2);
		for (String state : new String[] { "exception", "cancelled", "timeout", "rejected" }) {
			assertThat(counter("async_method", "OrderService.sendEmail", state).count()).as(state).isEqualTo(1.0);
			assertThat(timer("async_method", "OrderService.sendEmail", state).count()).as(state).isEqualTo(1);
		}
		assertThat(this.registry.getMeters()).hasSize(10);
	}

	@Test
	void repeatedRecordingReusesTheMeters() {
		AsyncUnit unit = this.recorder.unit(UnitType.TASK, "report-render");
		for (int i = 0; i < 5; i++) {
			unit.record(UnitState.FINISHED, FIVE_MILLIS);
		}
		assertThat(this.registry.getMeters()).hasSize(2);
		assertThat(counter("task", "report-render", "finished").count()).isEqualTo(5.0);
		assertThat(timer("task", "report-render", "finished").totalTime(TimeUnit.NANOSECONDS))
			.isGreaterThanOrEqualTo(5 * FIVE_MILLIS);
		assertThat(unit.getRecorded()).isEqualTo(5);
	}

	@Test
	void recordedUnitsAreCountedPerState() {
		AsyncUnit unit = this.recorder.unit(UnitType.FUTURE, "PriceService.quote");
		unit.record(UnitState.FINISHED, FIVE_MILLIS);
		unit.record(UnitState.FINISHED, FIVE_MILLIS);
		unit.record(UnitState.TIMEOUT, FIVE_MILLIS);
		assertThat(unit.getRecorded(UnitState.FINISHED)).isEqualTo(2);
		assertThat(unit.getRecorded(UnitState.TIMEOUT)).isEqualTo(1);
		assertThat(unit.getRecorded(UnitState.CANCELLED)).isZero();
		assertThat(unit.getRecorded()).isEqualTo(3);
	}

	@Test
	void sourcesOfAUnitAreListedWithTheirTraceDecision() {
		AsyncUnit unit = this.recorder.unit(UnitType.ASYNC_METHOD, "Notifier.ping");
		assertThat(this.recorder.sources(unit)).isEmpty();
		this.recorder.addSource(unit, "shipping.Notifier.ping", false);
		this.recorder.addSource(unit, "billing.Notifier.ping", true);
		this.recorder.addSource(unit, "billing.Notifier.ping", true);
		assertThat(this.recorder.sources(unit)).containsExactly(entry("billing.Notifier.ping", true),
				entry("shipping.Notifier.ping", false));
	}

	@Test
	void noMeterIsRegisteredBeforeTheFirstRecord() {
		this.recorder.unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail");
		assertThat(this.registry.getMeters()).isEmpty();
	}

	@Test
	void sameTypeAndNameGiveTheSameUnit() {
		AsyncUnit unit = this.recorder.unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail");
		assertThat(this.recorder.unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail")).isSameAs(unit);
		assertThat(this.recorder.unit(UnitType.FUTURE, "OrderService.sendEmail")).isNotSameAs(unit);
		assertThat(this.recorder.unit(UnitType.ASYNC_METHOD, "OrderService.cancelOrder")).isNotSameAs(unit);
	}

	@Test
	void unitExposesItsTypeNameAndSpanName() {
		AsyncUnit unit = this.recorder.unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail");
		assertThat(unit.getType()).isEqualTo(UnitType.ASYNC_METHOD);
		assertThat(unit.getName()).isEqualTo("OrderService.sendEmail");
		assertThat(unit.getSpanName()).isEqualTo("async OrderService.sendEmail");
		assertThat(this.recorder.unit(UnitType.TASK, "report-render").getSpanName()).isEqualTo("task report-render");
		assertThat(this.recorder.unit(UnitType.FUTURE, "PriceService.quote").getSpanName())
			.isEqualTo("future PriceService.quote");
		assertThat(unit).hasToString("async_method OrderService.sendEmail");
	}

	@Test
	void seenListsEveryUnitHandedOut() {
		AsyncUnit method = this.recorder.unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail");
		AsyncUnit task = this.recorder.unit(UnitType.TASK, "report-render");
		this.recorder.unit(UnitType.TASK, "report-render");
		assertThat(this.recorder.seen()).containsExactlyInAnyOrder(method, task);
	}

	@Test
	void failureLogIsTheOneGiven() {
		assertThat(this.recorder.getFailureLog()).isSameAs(this.failureLog);
	}

	@Test
	void startedUnitsAreActiveUntilTheyEnd() {
		AsyncUnit unit = this.recorder.unit(UnitType.TASK, "report-render");
		List<ActiveUnits.Second> started = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			started.add(unit.incrementActive(i));
		}
		end(unit, started.get(0), UnitState.FINISHED);
		end(unit, started.get(1), UnitState.EXCEPTION);
		assertThat(unit.getActive()).isEqualTo(3);
		assertThat(activeGauge("task", "report-render").value()).isEqualTo(3.0);
		assertThat(unit.getRecorded()).isEqualTo(2);
		assertThat(counter("task", "report-render", "finished").count()).isEqualTo(1.0);
		assertThat(timer("task", "report-render", "exception").count()).isEqualTo(1);
	}

	@Test
	void unitsRecordedWithoutStartingAreNeverActive() {
		AsyncUnit unit = this.recorder.unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail");
		unit.record(UnitState.REJECTED, FIVE_MILLIS);
		unit.record(UnitState.CANCELLED, FIVE_MILLIS);
		assertThat(unit.getActive()).isZero();
		assertThat(unit.getRecorded()).isEqualTo(2);
		assertThat(this.registry.find(AsyncUnitDocumentation.ACTIVE_METER).gauges()).isEmpty();
	}

	@Test
	void abandonedUnitIsNoLongerActiveAndNotRecorded() {
		AsyncUnit unit = this.recorder.unit(UnitType.FUTURE, "PriceService.quote");
		unit.incrementActive(0).end();
		assertThat(unit.getActive()).isZero();
		assertThat(unit.getRecorded()).isZero();
	}

	@Test
	void activeGaugesAreRegisteredOnceAtTheFirstStartWithTheTypeAndNameTags() {
		AsyncUnit unit = this.recorder.unit(UnitType.FUTURE, "PriceService.quote");
		assertThat(this.registry.getMeters()).isEmpty();
		for (int i = 0; i < 100; i++) {
			unit.incrementActive(0);
		}
		assertThat(this.registry.getMeters()).extracting((meter) -> meter.getId().getName())
			.containsExactlyInAnyOrder(AsyncUnitDocumentation.ACTIVE_METER, AsyncUnitDocumentation.OLDEST_ACTIVE_METER);
		Gauge gauge = activeGauge("future", "PriceService.quote");
		assertThat(gauge.getId().getTags()).containsExactlyInAnyOrder(Tag.of("type", "future"),
				Tag.of("name", "PriceService.quote"));
		assertThat(gauge.getId().getType()).isEqualTo(Meter.Type.GAUGE);
		assertThat(gauge.getId().getDescription()).isEqualTo(AsyncUnitDocumentation.ACTIVE_DESCRIPTION);
		assertThat(gauge.value()).isEqualTo(100.0);
	}

	@Test
	void activeGaugeKeepsReadingAfterGarbageCollection() {
		AsyncUnit unit = this.recorder.unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail");
		unit.incrementActive(0);
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		assertThat(activeGauge("async_method", "OrderService.sendEmail").value()).isEqualTo(1.0);
	}

	@Test
	void registryThatThrowsDoesNotMakeStartThrowAndActiveIsStillCounted() {
		this.registry.config().meterFilter(throwingFilter());
		AsyncUnit unit = this.recorder.unit(UnitType.TASK, "report-render");
		List<ActiveUnits.Second> started = new ArrayList<>();
		assertThatNoException().isThrownBy(() -> started.add(unit.incrementActive(0)));
		assertThatNoException().isThrownBy(() -> started.add(unit.incrementActive(0)));
		assertThat(this.failureLog.hasFailed()).isTrue();
		assertThat(unit.getActive()).isEqualTo(2);
		assertThatNoException().isThrownBy(() -> end(unit, started.get(0), UnitState.FINISHED));
		assertThat(unit.getActive()).isEqualTo(1);
	}

	@Test
	void registryThatThrowsDoesNotMakeRecordThrow() {
		this.registry.config().meterFilter(throwingFilter());
		AsyncUnit unit = this.recorder.unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail");
		assertThat(this.failureLog.hasFailed()).isFalse();
		assertThatNoException().isThrownBy(() -> unit.record(UnitState.FINISHED, FIVE_MILLIS));
		assertThat(this.failureLog.hasFailed()).isTrue();
		assertThatNoException().isThrownBy(() -> unit.record(UnitState.EXCEPTION, FIVE_MILLIS));
		assertThat(unit.getRecorded()).isEqualTo(2);
		assertThat(this.registry.getMeters()).isEmpty();
	}

	@Test
	void registryThatThrowsIsWarnedAboutOnce(CapturedOutput output) {
		this.registry.config().meterFilter(throwingFilter());
		AsyncUnit unit = this.recorder.unit(UnitType.ASYNC_METHOD, "OrderService.sendEmail");
		for (int i = 0; i < 3; i++) {
			unit.record(UnitState.FINISHED, FIVE_MILLIS);
		}
		assertThat(output).containsOnlyOnce("later failures are logged at debug level")
			.contains("recording meters of async_method OrderService.sendEmail")
			.contains("boom");
	}

	private Counter counter(String type, String name, String state) {
		return this.registry.get(AsyncUnitDocumentation.COUNT_METER)
			.tags("type", type, "name", name, "state", state)
			.counter();
	}

	private static MeterFilter throwingFilter() {
		return new MeterFilter() {

			@Override
			public Meter.Id map(Meter.Id id) {
				throw new IllegalStateException("boom");
			}

		};
	}

	private Gauge activeGauge(String type, String name) {
		return this.registry.get(AsyncUnitDocumentation.ACTIVE_METER).tags("type", type, "name", name).gauge();
	}

	private Timer timer(String type, String name, String state) {
		return this.registry.get(AsyncUnitDocumentation.DURATION_METER)
			.tags("type", type, "name", name, "state", state)
			.timer();
	}

	private static void end(AsyncUnit unit, ActiveUnits.Second started, UnitState state) {
		started.end();
		unit.record(state, FIVE_MILLIS);
	}

}
