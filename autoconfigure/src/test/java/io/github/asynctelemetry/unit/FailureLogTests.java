package io.github.asynctelemetry.unit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FailureLog}.
 *
 * @author Async Telemetry team
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureLogTests {

	private final FailureLog failureLog = new FailureLog();

	@Test
	void hasNotFailedBeforeTheFirstFailure() {
		assertThat(this.failureLog.hasFailed()).isFalse();
	}

	@Test
	void firstFailureIsWarnedWithWhatFailedAndTheException(CapturedOutput output) {
		this.failureLog.failed("recording meters", new IllegalStateException("registry down"));
		assertThat(this.failureLog.hasFailed()).isTrue();
		assertThat(output).contains("WARN")
			.contains("Async telemetry failed while recording meters; the application is not affected")
			.contains("java.lang.IllegalStateException: registry down");
	}

	@Test
	void laterFailuresAreNotWarnedAgain(CapturedOutput output) {
		for (int i = 0; i < 5; i++) {
			this.failureLog.failed("recording meters", new IllegalStateException("registry down"));
		}
		assertThat(output).containsOnlyOnce("the application is not affected");
		assertThat(this.failureLog.hasFailed()).isTrue();
	}

	@Test
	void eachLogWarnsOnItsOwn(CapturedOutput output) {
		new FailureLog().failed("recording meters", new IllegalStateException("first"));
		this.failureLog.failed("starting a span", new IllegalStateException("second"));
		assertThat(output).contains("while recording meters; the application is not affected")
			.contains("while starting a span; the application is not affected");
	}

}
