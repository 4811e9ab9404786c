package com.example;

/**
 * A user class whose name contains {@code Report}, for {@code *Report*} patterns.
 *
 * @author Async Telemetry team
 */
public class MonthlyReportService {

	public void render() {
	}

}
