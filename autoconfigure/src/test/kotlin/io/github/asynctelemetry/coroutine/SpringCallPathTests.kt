package io.github.asynctelemetry.coroutine

import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.util.ClassUtils

/**
 * The coroutine tests run twice (see the build): with `kotlinx-coroutines-reactor`, when
 * Spring's proxies call suspend functions through Reactor, and without it, when they
 * call them directly. This checks that each run has the class path it stands for.
 *
 * @author Async Telemetry team
 */
class SpringCallPathTests {

	@Test
	fun classPathIsTheOneThisRunStandsFor() {
		val withoutReactor = System.getProperty("asynctelemetry.test.coroutines-reactor") == "absent"
		assertThat(ClassUtils.isPresent("kotlinx.coroutines.reactor.MonoKt", javaClass.classLoader))
			.isEqualTo(!withoutReactor)
	}

}
