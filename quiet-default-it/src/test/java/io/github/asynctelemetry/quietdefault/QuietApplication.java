package io.github.asynctelemetry.quietdefault;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * A new application that has added the starter and configured nothing.
 *
 * @author Async Telemetry team
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableAsync
public class QuietApplication {

}
