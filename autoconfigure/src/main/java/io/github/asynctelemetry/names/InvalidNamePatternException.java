package io.github.asynctelemetry.names;

/**
 * Thrown when an entry of a names-to-trace property is not a valid name pattern. It
 * carries the full property name and the offending value so that
 * {@code InvalidNamePatternFailureAnalyzer} can report both.
 *
 * @author Async Telemetry team
 */
public class InvalidNamePatternException extends IllegalArgumentException {

	private final String property;

	private final String value;

	private final String reason;

	/**
	 * Create a new exception.
	 * @param property the full name of the property, including the list index
	 * @param value the offending value, as bound
	 * @param reason why the value is not accepted
	 */
	public InvalidNamePatternException(String property, String value, String reason) {
		super("Invalid value '" + value + "' for property '" + property + "': " + reason);
		this.property = property;
		this.value = value;
		this.reason = reason;
	}

	/**
	 * Return the full name of the property, including the list index.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return the offending value.
	 * @return the value
	 */
	public String getValue() {
		return this.value;
	}

	/**
	 * Return why the value is not accepted.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
