package io.github.asynctelemetry.task;

import java.util.List;

import io.github.asynctelemetry.names.NameSelector;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TaskUnits}.
 */
@ExtendWith(OutputCaptureExtension.class)
class TaskUnitsTests {

	private static final String WARNING = "distinct task names were seen";

	private final AsyncUnitRecorder recorder = new AsyncUnitRecorder(new SimpleMeterRegistry(), new FailureLog());

	@Test
	void namesPastTheCapShareTheOverflowNameAndOneWarningIsLogged(CapturedOutput output) {
		TaskUnits units = new TaskUnits(this.recorder, NameSelector.none(), 2);
		assertThat(units.unit("first").name()).isEqualTo("first");
		assertThat(units.unit("second").name()).isEqualTo("second");
		assertThat(output).doesNotContain(WARNING);
		assertThat(units.unit("third").name()).isEqualTo("other");
		assertThat(units.unit("fourth").name()).isEqualTo("other");
		assertThat(units.unit("first").name()).isEqualTo("first");
		assertThat(output.toString().split(WARNING, -1)).hasSize(2);
		assertThat(output).contains("otel.instrumentation.async.max-task-names");
	}

	@Test
	void knownNameReturnsTheSameUnit() {
		TaskUnits units = new TaskUnits(this.recorder, NameSelector.none(), 2);
		assertThat(units.unit("first")).isSameAs(units.unit("first"));
	}

	@Test
	void traceDecisionIsTakenPerName() {
		TaskUnits units = new TaskUnits(this.recorder,
				NameSelector.of("otel.instrumentation.async.task-names-to-trace", List.of("report-*", "other")), 1);
		assertThat(units.unit("report-render").traced()).isTrue();
		assertThat(units.unit("billing").traced()).isTrue();
		assertThat(units.unit("billing").name()).isEqualTo("other");
	}

	@Test
	void traceDecisionIsNotedOnTheUnitsMeters() {
		TaskUnits units = new TaskUnits(this.recorder,
				NameSelector.of("otel.instrumentation.async.task-names-to-trace", List.of("report-*")), 10);
		assertThat(units.unit("report-render").meters().isTraced()).isTrue();
		assertThat(units.unit("billing").meters().isTraced()).isFalse();
		assertThat(units.fallback().meters().isTraced()).isFalse();
	}

}
