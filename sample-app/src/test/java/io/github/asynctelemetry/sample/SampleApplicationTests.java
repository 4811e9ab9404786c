package io.github.asynctelemetry.sample;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.asynctelemetry.sample.simulator.ShopperSimulator;
import io.github.asynctelemetry.task.ExecutorCoverage;
import io.github.asynctelemetry.task.ExecutorCoverage;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.UnitType;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application with its own {@code application.yml} only, as a new user starts
 * it: no collector is assumed, and the shopper simulator produces every unit type by
 * itself.
 *
 * @author Async Telemetry team
 */
@SpringBootTest
class SampleApplicationTests {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private AsyncUnitRecorder recorder;

	@Test
	void exportsNothingOverOtlpUntilAnEndpointIsGiven() {
		assertThat(this.context.getBeansOfType(OtlpHttpSpanExporter.class)).isEmpty();
		assertThat(this.context.getBeansOfType(OtlpMeterRegistry.class)).isEmpty();
		assertThat(this.context.getBeansOfType(PrometheusMeterRegistry.class)).hasSize(1);
	}

	@Test
	void simulatorRunsOnSpringBootsTaskScheduler() {
		assertThat(this.context.getBean(ExecutorCoverage.class).entries())
			.filteredOn((entry) -> "taskScheduler".equals(entry.bean()))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.usedFor()).containsExactly(ExecutorCoverage.SCHEDULED));
	}

	@Test
	void simulatorProducesEveryUnitTypeOfJavaWithoutARequest() {
		assertThat(this.context.getBeansOfType(ShopperSimulator.class)).hasSize(1);
		// coroutine units are Kotlin's: the Kotlin sample (sample-kotlin) has them
		Set<UnitType> java = EnumSet.complementOf(EnumSet.of(UnitType.COROUTINE));
		await().atMost(Duration.ofSeconds(30)).until(() -> recordedTypes().containsAll(java));
	}

	private Set<UnitType> recordedTypes() {
		return this.recorder.seen()
			.stream()
			.filter((unit) -> unit.getRecorded() > 0)
			.map(AsyncUnit::getType)
			.collect(Collectors.toSet());
	}

}
