package io.github.asynctelemetry.sample.report;

import java.time.Duration;
import java.time.YearMonth;

import io.github.asynctelemetry.sample.Latency;
import io.github.asynctelemetry.task.AsyncTasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Service;

/**
 * Renders monthly reports in the background. Rendering blocks, so it is handed to the
 * report executor as a task named {@code report-render} through the starter's
 * {@link AsyncTasks} API: every rendering is a {@code task} unit of that name,
 * {@code finished} or {@code exception} (a month without data), and the sample traces it
 * by name. {@code submit} hides the task in a {@code FutureTask} before the starter sees
 * it, so the explicit name is given when the rendering starts: a copy that the full
 * executor refuses never starts and is counted {@code rejected} under the method that
 * submitted it, {@code ReportService.request}.
 *
 * @author Async Telemetry team
 */
@Service
public class ReportService {

	/**
	 * The task name of report renderings.
	 */
	public static final String TASK_NAME = "report-render";

	private static final Logger logger = LoggerFactory.getLogger(ReportService.class);

	private static final Duration RENDERING_TIME = Duration.ofMillis(200);

	private final ThreadPoolTaskExecutor executor;

	public ReportService(@Qualifier("reportExecutor") ThreadPoolTaskExecutor executor) {
		this.executor = executor;
	}

	/**
	 * Queue copies of the report of a month for rendering.
	 * @param month the month
	 * @param copies how many copies
	 * @return how many copies were queued and how many refused
	 */
	public ReportBatch request(YearMonth month, int copies) {
		int accepted = 0;
		for (int i = 0; i < copies; i++) {
			try {
				this.executor.submit(AsyncTasks.named(TASK_NAME, () -> render(month)));
				accepted++;
			}
			catch (TaskRejectedException ex) {
				logger.debug("Report of {} refused: the report executor is full", month);
			}
		}
		if (accepted < copies) {
			logger.info("{} of {} copies of the report of {} were refused: the report executor is full",
					copies - accepted, copies, month);
		}
		return new ReportBatch(month, accepted, copies - accepted);
	}

	private Report render(YearMonth month) {
		if (month.isAfter(YearMonth.now())) {
			throw new IllegalArgumentException("No sales data for " + month + " yet");
		}
		Latency.simulate(RENDERING_TIME);
		logger.info("Rendered the report of {}", month);
		return new Report(month);
	}

	/**
	 * A rendered report.
	 *
	 * @param month the month
	 */
	record Report(YearMonth month) {

	}

}
