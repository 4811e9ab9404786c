package io.github.asynctelemetry.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint.AsyncTelemetryDescriptor;
import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint.ConfigurationDescriptor;
import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint.UnitDescriptor;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.github.asynctelemetry.unit.UnitState;
import io.github.asynctelemetry.unit.UnitType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncTelemetryEndpoint}.
 *
 * @author Async Telemetry team
 */
class AsyncTelemetryEndpointTests {

	private static final ConfigurationDescriptor CONFIGURATION = new ConfigurationDescriptor(true,
			List.of("OrderService.*"), List.of("report-render"), false, 200);

	private final AsyncUnitRecorder recorder = new AsyncUnitRecorder(new SimpleMeterRegistry(), new FailureLog());

	private final AsyncTelemetryEndpoint endpoint = new AsyncTelemetryEndpoint(this.recorder, CONFIGURATION);

	@Test
	void reportsTheConfigurationAndAnEmptyListPerTypeBeforeAnyUnit() {
		AsyncTelemetryDescriptor descriptor = this.endpoint.asyncio();
		assertThat(descriptor.configuration()).isSameAs(CONFIGURATION);
		assertThat(descriptor.units()).containsOnlyKeys("async_method", "task", "future", "coroutine")
			.allSatisfy((type, units) -> assertThat(units).isEmpty());
		assertThat(descriptor.instrumentationFailed()).isFalse();
	}

	@Test
	void reportsEachUnitUnderItsTypeSortedByName() {
		this.recorder.unit(UnitType.ASYNC_METHOD, "OrderService.sendConfirmation");
		this.recorder.unit(UnitType.ASYNC_METHOD, "AuditService.log");
		this.recorder.unit(UnitType.TASK, "report-render");
		this.recorder.unit(UnitType.FUTURE, "PriceService.quote");
		Map<String, List<UnitDescriptor>> units = this.endpoint.asyncio().units();
		assertThat(units.get("async_method")).extracting(UnitDescriptor::name)
			.containsExactly("AuditService.log", "OrderService.sendConfirmation");
		assertThat(units.get("task")).extracting(UnitDescriptor::name).containsExactly("report-render");
		assertThat(units.get("future")).extracting(UnitDescriptor::name).containsExactly("PriceService.quote");
	}

	@Test
	void reportsTheOverflowAndFallbackTaskNamesOnlyOnceTheyHaveRecordedAUnit() {
		this.recorder.unit(UnitType.TASK, "other");
		this.recorder.unit(UnitType.TASK, "unnamed").record(UnitState.FINISHED, 1_000);
		this.recorder.unit(UnitType.TASK, "ReportJob.refresh");
		this.recorder.unit(UnitType.ASYNC_METHOD, "other");
		Map<String, List<UnitDescriptor>> units = this.endpoint.asyncio().units();
		assertThat(units.get("task")).extracting(UnitDescriptor::name).containsExactly("ReportJob.refresh", "unnamed");
		assertThat(units.get("async_method")).extracting(UnitDescriptor::name).containsExactly("other");
	}

	@Test
	void reportsWhetherAUnitIsTracedAndItsSpanName() {
		this.recorder.addSource(this.recorder.unit(UnitType.ASYNC_METHOD, "OrderService.sendConfirmation"),
				"com.example.OrderService.sendConfirmation", true);
		this.recorder.addSource(this.recorder.unit(UnitType.ASYNC_METHOD, "AuditService.log"),
				"com.example.AuditService.log", false);
		List<UnitDescriptor> methods = this.endpoint.asyncio().units().get("async_method");
		assertThat(methods.get(0)).satisfies((audit) -> {
			assertThat(audit.traced()).isFalse();
			assertThat(audit.spanName()).isNull();
		});
		assertThat(methods.get(1)).satisfies((confirmation) -> {
			assertThat(confirmation.traced()).isTrue();
			assertThat(confirmation.spanName()).isEqualTo("async OrderService.sendConfirmation");
			assertThat(confirmation.sources()).isNull();
		});
	}

	@Test
	void nameOfTwoSourcesOnlyOneOfThemTracedIsNotReportedAsTraced() {
		AsyncUnit ping = this.recorder.unit(UnitType.ASYNC_METHOD, "Notifier.ping");
		this.recorder.addSource(ping, "acceptance.billing.Notifier.ping", true);
		this.recorder.addSource(ping, "shipping.Notifier.ping", false);
		UnitDescriptor descriptor = this.endpoint.asyncio().units().get("async_method").get(0);
		assertThat(descriptor.traced()).isFalse();
		assertThat(descriptor.spanName()).isEqualTo("async Notifier.ping");
		assertThat(descriptor.sources()).containsExactly(Map.entry("acceptance.billing.Notifier.ping", true),
				Map.entry("shipping.Notifier.ping", false));
	}

	@Test
	void reportsTheRecordedUnitsInTotalAndPerStateSeen() {
		AsyncUnit unit = this.recorder.unit(UnitType.FUTURE, "PriceService.quote");
		unit.record(UnitState.FINISHED, 1_000);
		unit.record(UnitState.FINISHED, 1_000);
		unit.record(UnitState.TIMEOUT, 1_000);
		unit.record(UnitState.CANCELLED, 1_000);
		UnitDescriptor quote = this.endpoint.asyncio().units().get("future").get(0);
		assertThat(quote.recorded()).isEqualTo(4);
		assertThat(quote.states()).containsExactly(Map.entry("finished", 2L), Map.entry("cancelled", 1L),
				Map.entry("timeout", 1L));
	}

	@Test
	void reportsTheActiveUnits() {
		AsyncUnit quote = this.recorder.unit(UnitType.FUTURE, "PriceService.quote");
		quote.incrementActive(0);
		quote.incrementActive(0);
		quote.incrementActive(0).end();
		quote.record(UnitState.FINISHED, 1_000);
		this.recorder.unit(UnitType.ASYNC_METHOD, "OrderService.sendConfirmation").record(UnitState.REJECTED, 1_000);
		Map<String, List<UnitDescriptor>> units = this.endpoint.asyncio().units();
		assertThat(units.get("future").get(0)).satisfies((descriptor) -> {
			assertThat(descriptor.active()).isEqualTo(2);
			assertThat(descriptor.recorded()).isEqualTo(1);
		});
		assertThat(units.get("async_method").get(0).active()).isZero();
	}

	@Test
	void reportsTheFallbackTaskNameOnceItHasAnActiveUnit() {
		this.recorder.unit(UnitType.TASK, "unnamed").incrementActive(0);
		List<UnitDescriptor> tasks = this.endpoint.asyncio().units().get("task");
		assertThat(tasks).extracting(UnitDescriptor::name).containsExactly("unnamed");
		assertThat(tasks.get(0).active()).isEqualTo(1);
		assertThat(tasks.get(0).recorded()).isZero();
	}

	@Test
	void reportsAFailureOfTheInstrumentation() {
		this.recorder.getFailureLog().failed("testing", new IllegalStateException("boom"));
		assertThat(this.endpoint.asyncio().instrumentationFailed()).isTrue();
	}

	@Test
	void configurationKeepsItsOwnCopyOfTheNameLists() {
		List<String> names = new ArrayList<>(List.of("sendEmail"));
		ConfigurationDescriptor configuration = new ConfigurationDescriptor(true, names, List.of(), true, 10);
		names.add("other");
		assertThat(configuration.methodNamesToTrace()).containsExactly("sendEmail");
	}

}
