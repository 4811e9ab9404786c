package io.github.asynctelemetry.task;

import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Covers and lists the scheduler of Spring's scheduling registrar, which runs the
 * {@code @Scheduled} methods: it configures the registrar after every other
 * {@link SchedulingConfigurer} ({@link #ORDER}), so that it sees the scheduler they set.
 * A scheduler that is not a bean is wrapped, so that its tasks are covered, and listed
 * with no bean name; a scheduler bean is noted as used for {@code @Scheduled}. When no
 * configurer sets one, Spring picks a scheduler bean per task, and that bean is noted
 * when the first scheduled task reaches it. It costs nothing per task.
 *
 * @author Async Telemetry team
 */
public class SchedulingCoverageConfigurer implements SchedulingConfigurer, Ordered {

	/**
	 * The order of this configurer: the last one. Configurers without an order share it,
	 * and come before this one, which an auto-configuration registers after the
	 * application's beans.
	 */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE;

	private final ExecutorInstrumentationPostProcessor executors;

	/**
	 * Create a configurer.
	 * @param executors the post-processor that covers executors and lists them
	 */
	public SchedulingCoverageConfigurer(ExecutorInstrumentationPostProcessor executors) {
		this.executors = executors;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		this.executors.configureScheduler(registrar);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
