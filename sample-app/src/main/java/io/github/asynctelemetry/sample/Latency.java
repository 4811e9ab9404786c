package io.github.asynctelemetry.sample;

import java.time.Duration;

/**
 * Stands in for the time a remote call or a rendering takes in a real application.
 *
 * @author Async Telemetry team
 */
public final class Latency {

	private Latency() {
	}

	/**
	 * Block the current thread for the given time.
	 * @param duration how long
	 * @throws IllegalStateException if the thread is interrupted, with the interrupt flag
	 * restored
	 */
	public static void simulate(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
