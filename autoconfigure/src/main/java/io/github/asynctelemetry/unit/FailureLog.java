package io.github.asynctelemetry.unit;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs failures of the instrumentation itself (a meter registry or tracer that throws):
 * the first one at warn level, every later one at debug level, so that a broken back
 * end cannot flood the application log. Instrumentation code catches every
 * {@link Throwable} it causes and hands it here; nothing reaches user code.
 *
 * @author Async Telemetry team
 */
public final class FailureLog {

	private static final Log logger = LogFactory.getLog(FailureLog.class);

	private final AtomicBoolean warned = new AtomicBoolean();

	/**
	 * Log a failure of the instrumentation.
	 * @param what what the instrumentation was doing, for example "recording meters"
	 * @param failure the failure
	 */
	public void failed(String what, Throwable failure) {
		if (this.warned.compareAndSet(false, true)) {
			logger.warn("Async telemetry failed while " + what
					+ "; the application is not affected, later failures are logged at debug level", failure);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Async telemetry failed while " + what, failure);
		}
	}

	/**
	 * Return whether a failure has been logged.
	 * @return {@code true} after the first failure
	 */
	public boolean hasFailed() {
		return this.warned.get();
	}

}
