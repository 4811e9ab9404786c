package io.github.asynctelemetry.reliability;

import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.test.context.TestPropertySource;

/**
 * The soak of {@link SoakTests} with every pool on virtual threads: the soak's own pools
 * and Spring Boot's executor and scheduler.
 *
 * @author Async Telemetry team
 */
@EnabledForJreRange(min = JRE.JAVA_21)
@TestPropertySource(properties = { SoakTests.VIRTUAL_THREADS_PROPERTY + "=true",
		"spring.threads.virtual.enabled=true" })
class VirtualThreadSoakTests extends SoakTests {

}
