package io.github.asynctelemetry.autoconfigure;

import io.github.asynctelemetry.names.InvalidNamePatternException;
import io.github.asynctelemetry.names.NamePattern;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an invalid entry of a names-to-trace property: the full property name, the
 * offending value, why it is refused, where it was set (as Spring Boot's own binding
 * errors say it: {@code Origin: class path resource [application.yml] - 4:16}) and the
 * accepted syntax.
 *
 * @author Async Telemetry team
 */
class InvalidNamePatternFailureAnalyzer extends AbstractFailureAnalyzer<InvalidNamePatternException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidNamePatternException cause) {
		String description = "The property '" + cause.getProperty() + "' has the invalid value '" + cause.getValue()
				+ "': " + cause.getReason() + ".";
		if (cause.getOrigin() != null) {
			description += String.format("%n%n    Origin: %s", cause.getOrigin());
		}
		String action = "Correct the value of '" + cause.getProperty() + "'. Each entry must be " + NamePattern.SYNTAX
				+ ".";
		return new FailureAnalysis(description, action, cause);
	}

}
