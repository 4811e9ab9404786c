package io.github.asynctelemetry.future.app;

import io.github.asynctelemetry.testsupport.InMemoryTelemetry;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * An application whose own package holds future-returning beans.
 *
 * @author Async Telemetry team
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
@Import({ InMemoryTelemetry.class, PriceService.class, FinalQuoteService.class })
public class FutureTestApplication {

}
