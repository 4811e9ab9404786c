package io.github.asynctelemetry.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small shop that uses the async telemetry starter: an order flow with an
 * {@code @Async} confirmation, a price lookup that fans out to suppliers as
 * {@code CompletableFuture}s, report rendering handed to an executor as named tasks, and
 * a {@code @Scheduled} shopper simulator that exercises all of it every few seconds.
 *
 * @author Async Telemetry team
 */
@SpringBootApplication
@EnableAsync
@EnableScheduling
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
