package io.github.asynctelemetry.names;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginProvider;

/**
 * Thrown when an entry of a names-to-trace property is not a valid name pattern. It
 * carries the full property name, the offending value and, once known, where the value
 * was set (a file and line, or an environment variable), so that
 * {@code InvalidNamePatternFailureAnalyzer} can report them.
 *
 * @author Async Telemetry team
 */
public class InvalidNamePatternException extends IllegalArgumentException implements OriginProvider {

	/** The full name of the property, including the list index. */
	private final String property;

	/** The offending value. */
	private final String value;

	/** Why the value is not accepted. */
	private final String reason;

	/** Where the value was set; not serialized, as an origin need not be serializable. */
	private final transient @Nullable Origin origin;

	/**
	 * Create a new exception.
	 * @param property the full name of the property, including the list index
	 * @param value the offending value, as bound
	 * @param reason why the value is not accepted
	 */
	public InvalidNamePatternException(String property, String value, String reason) {
		this(property, value, reason, null);
	}

	private InvalidNamePatternException(String property, String value, String reason, @Nullable Origin origin) {
		super("Invalid value '" + value + "' for property '" + property + "': " + reason);
		this.property = property;
		this.value = value;
		this.reason = reason;
		this.origin = origin;
	}

	/**
	 * Return a copy of this exception that also says where the value was set.
	 * @param origin the origin of the value, or {@code null} if it is not known
	 * @return the copy
	 */
	public InvalidNamePatternException withOrigin(@Nullable Origin origin) {
		return new InvalidNamePatternException(this.property, this.value, this.reason, origin);
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

	/**
	 * Return where the value was set: a file and line, or an environment variable.
	 * @return the origin, or {@code null} if it is not known
	 */
	@Override
	public @Nullable Origin getOrigin() {
		return this.origin;
	}

}
