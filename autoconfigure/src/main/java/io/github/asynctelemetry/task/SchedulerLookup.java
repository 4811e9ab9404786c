package io.github.asynctelemetry.task;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.config.TaskSchedulerRouter;

/**
 * Finds the scheduler bean that Spring's {@link TaskSchedulerRouter} runs
 * {@code @Scheduled} methods on when no {@code SchedulingConfigurer} sets one, as the
 * router decides it (the unique {@code TaskScheduler} bean, else the one named
 * {@code taskScheduler}, else a {@code ScheduledExecutorService} bean), through the
 * router's own protected lookup. It only asks when the application has a scheduler bean,
 * so that the router never makes its local scheduler for the question.
 *
 * @author Async Telemetry team
 */
final class SchedulerLookup extends TaskSchedulerRouter {

	private SchedulerLookup(BeanFactory beanFactory) {
		setBeanFactory(beanFactory);
	}

	static @Nullable Object find(ListableBeanFactory beanFactory) {
		if (beanFactory.getBeanNamesForType(TaskScheduler.class, true, false).length == 0) {
			return null;
		}
		SchedulerLookup lookup = new SchedulerLookup(beanFactory);
		try {
			return lookup.determineDefaultScheduler();
		}
		catch (RuntimeException ex) {
			return null;
		}
		finally {
			lookup.destroy();
		}
	}

}
