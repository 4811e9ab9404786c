package io.github.asynctelemetry.sample;

import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application starts with the starter's auto-configuration in place.
 *
 * @author Async Telemetry team
 */
@SpringBootTest
class SampleApplicationTests {

	@Autowired
	private AsyncUnitRecorder recorder;

	@Test
	void startsWithTheStarter() {
		assertThat(this.recorder).isNotNull();
	}

}
