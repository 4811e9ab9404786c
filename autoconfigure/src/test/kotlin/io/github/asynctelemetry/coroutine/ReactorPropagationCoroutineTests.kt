package io.github.asynctelemetry.coroutine

import io.github.asynctelemetry.coroutine.app.CoroutineTestApplication
import io.github.asynctelemetry.coroutine.app.ShippingService
import io.github.asynctelemetry.unit.AsyncUnitRecorder
import io.micrometer.observation.Observation
import io.micrometer.observation.ObservationRegistry
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import org.springframework.beans.factory.annotation.Autowired
import org.springframework.boot.test.context.SpringBootTest
import org.springframework.boot.test.system.CapturedOutput
import org.springframework.boot.test.system.OutputCaptureExtension
import org.springframework.core.PropagationContextElement

/**
 * Suspend calls in an application with Reactor's automatic context propagation
 * (`spring.reactor.context-propagation=auto`), where Reactor, Spring's
 * `PropagationContextElement` and the starter all make the caller's observation current
 * on the threads a call resumes on: their scopes must still be closed in order.
 *
 * @author Async Telemetry team
 */
@SpringBootTest(
	classes = [CoroutineTestApplication::class],
	properties = [
		"spring.reactor.context-propagation=auto",
		"otel.instrumentation.async.method-names-to-trace=ShippingService.quote",
		"management.tracing.sampling.probability=1.0",
		"management.otlp.metrics.export.enabled=false",
	],
)
@ExtendWith(OutputCaptureExtension::class)
class ReactorPropagationCoroutineTests {

	@Autowired
	lateinit var shipping: ShippingService

	@Autowired
	lateinit var observations: ObservationRegistry

	@Autowired
	lateinit var recorder: AsyncUnitRecorder

	@Test
	fun callInACoroutineThatPropagatesTheObservationClosesEveryScopeInOrder(output: CapturedOutput) {
		val request = Observation.start("request", this.observations)
		request.openScope().use {
			repeat(3) {
				assertThat(runBlocking(PropagationContextElement()) { shipping.quote("tea") }).isEqualTo("quote tea")
			}
		}
		request.stop()
		assertThat(this.observations.currentObservation).isNull()
		// log lines only: the JDK's own "WARNING:" lines (a test agent on JDK 21+) are not the application's
		assertThat(output).doesNotContain(" WARN ").doesNotContain(" ERROR ").doesNotContain("ObservationThreadLocalAccessor")
		assertThat(this.recorder.failureLog.hasFailed()).isFalse()
	}

}
