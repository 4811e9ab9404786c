package io.github.asynctelemetry.sample.report;

import java.time.YearMonth;

/**
 * The answer to a request for copies of a monthly report.
 *
 * @param month the month
 * @param accepted how many copies were queued for rendering
 * @param rejected how many copies the report executor refused because it was full
 * @author Async Telemetry team
 */
public record ReportBatch(YearMonth month, int accepted, int rejected) {

}
