package io.github.asynctelemetry.task;

import io.github.asynctelemetry.names.UnitNames;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.SchedulingAwareRunnable;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * What the starter knows of the shape of Spring's own tasks, for which Spring has no
 * public API: the one place of that knowledge. {@code SpringTaskShapesTests} checks each
 * fact against the Spring Framework on the class path, so that a Spring release that
 * changes one fails the build of each Spring Boot line in CI rather than misnaming
 * tasks silently.
 * <ul>
 * <li>The scheduling registrar hands a scheduler each {@code @Scheduled} method as a
 * {@link SchedulingAwareRunnable} whose {@code toString()} is the qualified method name
 * (what Spring Boot's {@code scheduledtasks} endpoint shows).</li>
 * <li>The {@code AsyncConfigurer} that Spring Boot registers itself, bean
 * {@value #BOOT_ASYNC_CONFIGURER}, returns a bean and makes nothing when asked.</li>
 * </ul>
 *
 * @author Async Telemetry team
 */
final class SpringTaskShapes {

	/**
	 * The bean name of the {@code AsyncConfigurer} that Spring Boot registers when the
	 * application has none.
	 */
	static final String BOOT_ASYNC_CONFIGURER = "applicationTaskExecutorAsyncConfigurer";

	private SpringTaskShapes() {
	}

	/**
	 * Whether an {@code AsyncConfigurer} bean is the one Spring Boot registers itself.
	 * @param beanName the bean name
	 * @param configurer the bean
	 * @return whether asking it for its executor is free of effects
	 */
	static boolean isBootAsyncConfigurer(String beanName, AsyncConfigurer configurer) {
		return BOOT_ASYNC_CONFIGURER.equals(beanName)
				&& configurer.getClass().getName().startsWith("org.springframework.boot.");
	}

	/**
	 * Whether tasks of a class are runs of something scheduled with a description of it:
	 * a {@link SchedulingAwareRunnable}.
	 * @param type the class of a task
	 * @return whether its {@code toString()} may describe a scheduled method
	 */
	static boolean isScheduledRun(Class<?> type) {
		return SchedulingAwareRunnable.class.isAssignableFrom(type);
	}

	/**
	 * Return whether a task is a run of a scheduled method, as
	 * {@link #isScheduledRun(Class)}, by a type check of the task itself (cheaper per task).
	 * @param task the task
	 * @return whether it is a run of a scheduled method
	 */
	static boolean isScheduledRunTask(Object task) {
		return task instanceof SchedulingAwareRunnable;
	}

	/**
	 * Return {@code SimpleClassName.method} from Spring's description of a scheduled
	 * method, {@code com.example.ReportJob.refresh}, or {@code null} when the
	 * description is not a qualified method name (a lambda registered with the
	 * scheduling registrar, say).
	 * @param description the description
	 * @return the task name, or {@code null}
	 */
	static @Nullable String scheduledName(String description) {
		int method = description.lastIndexOf('.');
		if (method <= 0 || method == description.length() - 1) {
			return null;
		}
		for (int i = 0; i < description.length(); i++) {
			char ch = description.charAt(i);
			if (ch != '.' && !Character.isJavaIdentifierPart(ch)) {
				return null;
			}
		}
		return UnitNames.of(description.substring(0, method), description.substring(method + 1));
	}

}
