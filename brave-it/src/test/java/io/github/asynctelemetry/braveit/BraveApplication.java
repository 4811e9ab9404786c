package io.github.asynctelemetry.braveit;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * An application that traces with Micrometer Tracing's Brave bridge: the
 * auto-configuration module, the actuator, Spring Boot's Brave tracing
 * auto-configuration and the Brave bridge, no OpenTelemetry. Its finished spans are
 * collected by a Brave {@link FinishedSpans} handler, which Spring Boot adds to Brave's
 * tracing.
 *
 * @author Async Telemetry team
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableAsync
public class BraveApplication {

	@Bean
	FinishedSpans finishedSpans() {
		return new FinishedSpans();
	}

}
