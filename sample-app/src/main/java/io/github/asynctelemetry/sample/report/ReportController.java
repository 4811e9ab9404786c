package io.github.asynctelemetry.sample.report;

import java.time.YearMonth;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /reports?month=2026-10&copies=1}: queue copies of a monthly report for
 * rendering. A month in the future fails to render; more than six copies at once overflow
 * the report executor.
 *
 * @author Async Telemetry team
 */
@RestController
public class ReportController {

	private final ReportService reports;

	public ReportController(ReportService reports) {
		this.reports = reports;
	}

	@PostMapping("/reports")
	@ResponseStatus(HttpStatus.ACCEPTED)
	ReportBatch request(@RequestParam YearMonth month, @RequestParam(defaultValue = "1") int copies) {
		return this.reports.request(month, copies);
	}

}
