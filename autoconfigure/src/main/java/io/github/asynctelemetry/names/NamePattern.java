package io.github.asynctelemetry.names;

import org.springframework.util.Assert;

/**
 * One entry of a names-to-trace list: a name in which {@code *} stands for any run of
 * characters (dots included). Instances are created through {@link #parse(String, String)},
 * which validates the syntax; matching walks the pattern without regular expressions.
 *
 * @author Async Telemetry team
 */
public final class NamePattern {

	/**
	 * The accepted syntax, as shown to users in error reports.
	 */
	public static final String SYNTAX = "a name made of the characters [A-Za-z0-9_$.*-], without blanks or empty "
			+ "segments such as 'a..b'; '*' matches any run of characters. Methods are written as 'method', "
			+ "'SimpleClassName.method' or 'com.example.SimpleClassName.method' (for example 'sendEmail', "
			+ "'OrderService.*', '*Report*' or '*'); tasks by their task name (for example 'report-render')";

	private final String pattern;

	private final boolean wildcard;

	private NamePattern(String pattern) {
		this.pattern = pattern;
		this.wildcard = pattern.indexOf('*') >= 0;
	}

	/**
	 * Parse and validate one entry.
	 * @param property the full property name (with its list index) used in the error
	 * @param value the entry as bound
	 * @return the pattern
	 * @throws InvalidNamePatternException if the entry is not valid
	 */
	public static NamePattern parse(String property, String value) {
		Assert.notNull(value, "'value' must not be null");
		if (value.isBlank()) {
			throw new InvalidNamePatternException(property, value, "the entry is blank");
		}
		for (int i = 0; i < value.length(); i++) {
			char ch = value.charAt(i);
			if (Character.isWhitespace(ch)) {
				throw new InvalidNamePatternException(property, value,
						"the entry contains whitespace at position " + (i + 1));
			}
			if (!isAllowed(ch)) {
				throw new InvalidNamePatternException(property, value,
						"the character '" + ch + "' at position " + (i + 1) + " is not allowed");
			}
		}
		if (value.startsWith(".") || value.endsWith(".") || value.contains("..")) {
			throw new InvalidNamePatternException(property, value, "the entry has an empty segment");
		}
		return new NamePattern(value);
	}

	private static boolean isAllowed(char ch) {
		return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'
				|| ch == '$' || ch == '.' || ch == '*' || ch == '-';
	}

	/**
	 * Return whether the whole of the given name matches this pattern.
	 * @param name the name to test
	 * @return {@code true} if the name matches
	 */
	public boolean matches(String name) {
		return (this.wildcard) ? globMatches(this.pattern, name) : this.pattern.equals(name);
	}

	private static boolean globMatches(String pattern, String name) {
		int p = 0;
		int n = 0;
		int star = -1;
		int resume = 0;
		while (n < name.length()) {
			if (p < pattern.length() && pattern.charAt(p) == '*') {
				star = p++;
				resume = n;
			}
			else if (p < pattern.length() && pattern.charAt(p) == name.charAt(n)) {
				p++;
				n++;
			}
			else if (star >= 0) {
				p = star + 1;
				n = ++resume;
			}
			else {
				return false;
			}
		}
		while (p < pattern.length() && pattern.charAt(p) == '*') {
			p++;
		}
		return p == pattern.length();
	}

	@Override
	public String toString() {
		return this.pattern;
	}

}
