package io.github.asynctelemetry.samplekotlin

import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.boot.runApplication
import org.springframework.scheduling.annotation.EnableScheduling

/**
 * A small shipment tracker in Kotlin on WebFlux that uses the async telemetry starter:
 * `suspend` handlers calling `suspend` services (`coroutine` units), a service that
 * hands its work to `Dispatchers.Default` with `withContext`, a `Mono` and a `Flow`
 * returned by beans (`future` units) and a `@Scheduled suspend fun` (a `task` unit).
 *
 * @author Async Telemetry team
 */
@SpringBootApplication
@EnableScheduling
class SampleKotlinApplication

fun main(args: Array<String>) {
	runApplication<SampleKotlinApplication>(*args)
}
