package io.github.asynctelemetry.task;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.UnitType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * Lets the {@code task} and {@code async_method} units that run when the application
 * context closes end before Spring Boot closes the meter registries, so that a push
 * registry (OTLP, for example) exports them in its last push.
 * <p>
 * Spring Boot closes every meter registry when the context publishes its
 * {@link ContextClosedEvent}, with a listener that has no order; executors that wait for
 * their tasks at shutdown do so later, when their beans are destroyed. A unit that ends
 * then is recorded in a closed registry, which a push registry never exports. This
 * listener runs before Spring Boot's (it is ordered {@value #ORDER}) and waits until no
 * such unit runs, for at most the longest period that the application gave Spring Boot's
 * executors and schedulers to finish their tasks
 * ({@code spring.task.execution.shutdown.await-termination-period} and
 * {@code spring.task.scheduling.shutdown.await-termination-period}, each when its
 * {@code await-termination} is {@code true}). With Spring Boot's defaults, which do not
 * wait for tasks, it does not wait either. It waits for the units and, of the covered
 * executors that tell their load ({@link ExecutorLoad}), for their running and queued
 * tasks.
 * <p>
 * It changes no executor: it only delays the rest of the close while units run, as the
 * executors' own wait would. Units that still run when it stops waiting, futures, and
 * units of executors that end their tasks only when their beans are destroyed after a
 * longer wait of their own, are recorded after the registries are closed. It checks the
 * units every {@value #POLL_MILLIS} ms.
 *
 * @author Async Telemetry team
 */
public final class UnitsInFlightAtClose implements ApplicationListener<ContextClosedEvent>, ApplicationContextAware,
		Ordered {

	/**
	 * The order of this listener: before every listener without an order, Spring Boot's
	 * closing of the meter registries included.
	 */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	private static final long POLL_MILLIS = 10;

	private static final Log logger = LogFactory.getLog(UnitsInFlightAtClose.class);

	private final AsyncUnitRecorder recorder;

	private final ExecutorCoverage coverage;

	private final Duration timeout;

	private @Nullable ApplicationContext applicationContext;

	/**
	 * Create a listener.
	 * @param recorder the recorder whose units are waited for
	 * @param coverage the coverage of the executors whose running and queued tasks are
	 * waited for
	 * @param timeout the longest wait, {@link Duration#ZERO} for none
	 */
	public UnitsInFlightAtClose(AsyncUnitRecorder recorder, ExecutorCoverage coverage, Duration timeout) {
		this.recorder = recorder;
		this.coverage = coverage;
		this.timeout = timeout;
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		this.applicationContext = applicationContext;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() != this.applicationContext || this.timeout.isZero()
				|| this.timeout.isNegative()) {
			return;
		}
		long deadline = System.nanoTime() + this.timeout.toNanos();
		long inFlight = inFlight();
		while (inFlight > 0 && deadline - System.nanoTime() > 0) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
			if (Thread.currentThread().isInterrupted()) {
				break;
			}
			inFlight = inFlight();
		}
		if (inFlight > 0) {
			logger.info(inFlight + " asynchronous units still run after waiting " + this.timeout
					+ " at shutdown; they are recorded after the meter registries close");
		}
	}

	/**
	 * Return the number of {@code task} and {@code async_method} units running now, and
	 * of the tasks that the covered executors which tell their load run or queue. A pool
	 * counts a task as running until its run, the starter's recording included, returns.
	 * @return the units and tasks in flight
	 */
	long inFlight() {
		long inFlight = 0;
		for (AsyncUnit unit : this.recorder.seen()) {
			if (unit.getType() == UnitType.TASK || unit.getType() == UnitType.ASYNC_METHOD) {
				inFlight += unit.getActive();
			}
		}
		for (ExecutorCoverage.Entry executor : this.coverage.entries()) {
			if (executor.covered()) {
				inFlight += ((executor.active() != null) ? executor.active() : 0)
						+ ((executor.queued() != null) ? executor.queued() : 0);
			}
		}
		return inFlight;
	}

}
