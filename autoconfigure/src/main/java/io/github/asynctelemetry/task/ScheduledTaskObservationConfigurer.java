package io.github.asynctelemetry.task;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Makes sure that runs of {@code @Scheduled} methods are observed, so that the
 * {@link ScheduledTaskNameHandler} can name them: when no other configurer set an
 * {@link ObservationRegistry} on the scheduling registrar (an application without
 * Spring Boot's observation support), it sets one that holds only that handler. It runs
 * last and never replaces a registry that is already set.
 *
 * @author Async Telemetry team
 */
public class ScheduledTaskObservationConfigurer implements SchedulingConfigurer, Ordered {

	private final ScheduledTaskNameHandler handler;

	/**
	 * Create a configurer.
	 * @param handler the handler that names scheduled runs
	 */
	public ScheduledTaskObservationConfigurer(ScheduledTaskNameHandler handler) {
		this.handler = handler;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (registrar.getObservationRegistry() == null) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(this.handler);
			registrar.setObservationRegistry(registry);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
