package io.github.asynctelemetry.observed;

import org.springframework.core.task.TaskDecorator;

/**
 * An application's {@link TaskDecorator}: while the task runs, {@link #current()} says
 * {@code "decorated"}, so a task can tell that the decorator ran around it.
 *
 * @author Async Telemetry team
 */
final class TenantTaskDecorator implements TaskDecorator {

	private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

	@Override
	public Runnable decorate(Runnable runnable) {
		return () -> {
			TENANT.set("decorated");
			try {
				runnable.run();
			}
			finally {
				TENANT.remove();
			}
		};
	}

	/**
	 * Return what the decorator set on this thread, {@code "none"} outside a decorated
	 * task.
	 * @return the value
	 */
	static String current() {
		String tenant = TENANT.get();
		return (tenant != null) ? tenant : "none";
	}

}
