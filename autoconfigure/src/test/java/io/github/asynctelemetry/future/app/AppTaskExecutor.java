package io.github.asynctelemetry.future.app;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * An executor subclass in the application's packages: it inherits
 * {@code submitCompletable}, which returns a {@code CompletableFuture}.
 *
 * @author Async Telemetry team
 */
public class AppTaskExecutor extends ThreadPoolTaskExecutor {

}
