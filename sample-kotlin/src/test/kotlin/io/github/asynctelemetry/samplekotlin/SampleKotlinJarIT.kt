package io.github.asynctelemetry.samplekotlin

import com.jayway.jsonpath.JsonPath
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/**
 * The repackaged Kotlin sample, started with `java -jar`: a request to a `suspend`
 * handler shows as `coroutine` units at `/actuator/prometheus`, its log line written on
 * `Dispatchers.Default` carries a trace id, and the scheduled suspend job is counted as
 * a `task`; nothing logs an error or a warning. A runtime dependency missing from the
 * jar fails here, not in the `@SpringBootTest`s. Runs in the `integration-test` phase,
 * after `package`.
 *
 * @author Async Telemetry team
 */
class SampleKotlinJarIT {

	@Test
	fun `jar counts the coroutine units of a request and of its scheduled job`() {
		SampleKotlinJar.start().use { jar ->
			jar.await().until { jar.get("/actuator/health")?.statusCode() == 200 }
			val eta = jar.get("/shipments/SHP-1004/eta")!!
			assertThat(eta.statusCode()).isEqualTo(200)
			assertThat(JsonPath.parse(eta.body()).read<Int>("$.distanceKm")).isEqualTo(170)
			jar.await().untilAsserted {
				assertThat(jar.get("/actuator/prometheus")!!.body())
					.contains("asyncio_process_count_total{name=\"RoutePlanner.eta\",state=\"finished\",type=\"coroutine\"}")
					.contains("asyncio_process_count_total{name=\"DelayMonitor.checkDelays\",state=\"finished\",type=\"task\"}")
			}
			val asyncio = JsonPath.parse(jar.get("/actuator/asyncio")!!.body())
			assertThat(asyncio.read<List<Boolean>>("$.units.coroutine[?(@.name == 'RoutePlanner.eta')].traced"))
				.containsExactly(true)
			assertThat(jar.output()).contains("Started SampleKotlinApplication")
				.containsPattern("\\[[0-9a-f]{32}-[0-9a-f]{16}] \\S+\\s+: Planning the route of SHP-1004")
				.doesNotContainPattern("(?m)^\\S+\\s+(ERROR|WARN)\\s")
		}
	}

}
