package io.github.asynctelemetry.task;

import io.github.asynctelemetry.tracing.UnitSpan;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * Names the run of a {@code @Scheduled} method {@code SimpleClassName.method}.
 * <p>
 * A scheduler's decorator only sees Spring's and the JDK's wrappers of a scheduled
 * method, not the method itself. Spring does however start an observation with a
 * {@link ScheduledTaskObservationContext} (target class and method) around every run of
 * a {@code @Scheduled} method, on the worker thread, inside the decorated task. When
 * that observation opens its scope, this handler names the task run current on the
 * thread after the method and, when the name is traced, starts the task span there and
 * makes it current until the scope closes. A failure of the method, which Spring's error
 * handler swallows for repeating tasks, reaches the handler through the observation and
 * is recorded as the task's {@code exception} state.
 * <p>
 * Spring Boot sets its {@code ObservationRegistry}, to which it adds this handler bean,
 * on the scheduling registrar; without one, {@link ScheduledTaskObservationConfigurer}
 * sets a registry holding only this handler. When scheduled-task observations are
 * disabled (an {@code ObservationPredicate} or a property turning them off), the runs
 * of {@code @Scheduled} methods keep the fallback task name. Costs per run: two
 * thread-local reads and a cached lookup per {@code Method}.
 *
 * @author Async Telemetry team
 */
public class ScheduledTaskNameHandler implements ObservationHandler<ScheduledTaskObservationContext> {

	private static final String SCOPE_KEY = ScheduledTaskNameHandler.class.getName() + ".scope";

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ScheduledTaskObservationContext;
	}

	@Override
	public void onScopeOpened(ScheduledTaskObservationContext context) {
		TaskRun run = TaskRun.current();
		if (run != null) {
			UnitSpan.Scope scope = run.nameScheduled(context.getTargetClass(), context.getMethod());
			if (scope != UnitSpan.Scope.NOOP) {
				context.put(SCOPE_KEY, scope);
			}
		}
	}

	@Override
	public void onScopeClosed(ScheduledTaskObservationContext context) {
		if (context.remove(SCOPE_KEY) instanceof UnitSpan.Scope scope) {
			scope.close();
		}
	}

	@Override
	public void onError(ScheduledTaskObservationContext context) {
		TaskRun run = TaskRun.current();
		Throwable error = context.getError();
		if (run != null && error != null) {
			run.failed(error);
		}
	}

}
