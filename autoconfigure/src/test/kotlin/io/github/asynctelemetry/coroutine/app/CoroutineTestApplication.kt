package io.github.asynctelemetry.coroutine.app

import io.github.asynctelemetry.testsupport.InMemoryTelemetry
import org.springframework.boot.SpringBootConfiguration
import org.springframework.boot.autoconfigure.EnableAutoConfiguration
import org.springframework.context.annotation.Import

/**
 * An application whose own package holds beans with Kotlin suspend functions and a
 * method returning a `Flow`.
 *
 * @author Async Telemetry team
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(InMemoryTelemetry::class, ShippingService::class, RateService::class)
class CoroutineTestApplication
