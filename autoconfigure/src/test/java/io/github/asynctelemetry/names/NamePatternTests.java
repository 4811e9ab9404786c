package io.github.asynctelemetry.names;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link NamePattern}.
 *
 * @author Async Telemetry team
 */
class NamePatternTests {

	private static final String PROPERTY = "otel.instrumentation.async.method-names-to-trace[2]";

	@ParameterizedTest
	@ValueSource(strings = { "sendEmail", "OrderService.sendEmail", "com.example.OrderService.sendEmail",
			"OrderService.*", "*Report*", "*", "Outer$Inner.run", "com.example.Outer$Inner.run", "report-render",
			"send_email2", "a*b*c" })
	void parseAcceptsEveryDocumentedForm(String value) {
		NamePattern pattern = NamePattern.parse(PROPERTY, value);
		assertThat(pattern).hasToString(value);
	}

	@Test
	void patternWithoutWildcardMatchesOnlyTheWholeName() {
		NamePattern pattern = parse("OrderService.sendEmail");
		assertThat(pattern.matches("OrderService.sendEmail")).isTrue();
		assertThat(pattern.matches("OrderService.send")).isFalse();
		assertThat(pattern.matches("OrderService.sendEmailLater")).isFalse();
		assertThat(pattern.matches("sendEmail")).isFalse();
		assertThat(pattern.matches("com.example.OrderService.sendEmail")).isFalse();
	}

	@Test
	void patternWithoutWildcardIsCaseSensitive() {
		assertThat(parse("sendEmail").matches("sendemail")).isFalse();
	}

	@Test
	void partialNameWithoutWildcardDoesNotMatch() {
		assertThat(parse("send").matches("sendEmail")).isFalse();
		assertThat(parse("Email").matches("sendEmail")).isFalse();
		assertThat(parse("OrderService").matches("OrderService.sendEmail")).isFalse();
	}

	@Test
	void trailingWildcardMatchesEveryMethodOfTheClass() {
		NamePattern pattern = parse("OrderService.*");
		assertThat(pattern.matches("OrderService.sendEmail")).isTrue();
		assertThat(pattern.matches("OrderService.cancelOrder")).isTrue();
		assertThat(pattern.matches("OrderService.")).isTrue();
		assertThat(pattern.matches("PaymentService.sendEmail")).isFalse();
		assertThat(pattern.matches("OrderServiceImpl.sendEmail")).isFalse();
		assertThat(pattern.matches("OrderService")).isFalse();
	}

	@Test
	void wildcardMatchesAnyRunOfCharactersIncludingDots() {
		NamePattern pattern = parse("com.*.sendEmail");
		assertThat(pattern.matches("com.example.OrderService.sendEmail")).isTrue();
		assertThat(pattern.matches("com.example.OrderService.sendEmails")).isFalse();
	}

	@Test
	void surroundingWildcardsMatchTheTextAnywhere() {
		NamePattern pattern = parse("*Report*");
		assertThat(pattern.matches("MonthlyReportService.render")).isTrue();
		assertThat(pattern.matches("Report")).isTrue();
		assertThat(pattern.matches("report-render")).isFalse();
		assertThat(pattern.matches("OrderService.sendEmail")).isFalse();
	}

	@Test
	void loneWildcardMatchesEverything() {
		NamePattern pattern = parse("*");
		assertThat(pattern.matches("sendEmail")).isTrue();
		assertThat(pattern.matches("com.example.Outer$Inner.run")).isTrue();
		assertThat(pattern.matches("")).isTrue();
	}

	@Test
	void wildcardBacktracksOverRepeatedPrefixes() {
		assertThat(parse("*ab").matches("aab")).isTrue();
		assertThat(parse("*ab").matches("aba")).isFalse();
		assertThat(parse("a*b*c").matches("aXbYbZc")).isTrue();
		assertThat(parse("a*b*c").matches("aXcYb")).isFalse();
	}

	@Test
	void leadingWildcardDoesNotMatchADifferentSuffix() {
		assertThat(parse("*.sendEmail").matches("OrderService.sendEmail")).isTrue();
		assertThat(parse("*.sendEmail").matches("OrderService.sendSms")).isFalse();
	}

	@Test
	void dollarOfNestedClassIsMatchedLiterally() {
		NamePattern pattern = parse("Outer$Inner.run");
		assertThat(pattern.matches("Outer$Inner.run")).isTrue();
		assertThat(pattern.matches("Outer.Inner.run")).isFalse();
		assertThat(pattern.matches("OuterXInner.run")).isFalse();
	}

	@Test
	void taskNameWithHyphenMatches() {
		assertThat(parse("report-render").matches("report-render")).isTrue();
		assertThat(parse("report-render").matches("report-renderer")).isFalse();
		assertThat(parse("report-*").matches("report-render")).isTrue();
		assertThat(parse("report-*").matches("invoice-render")).isFalse();
	}

	@Test
	void blankEntryIsRejected() {
		assertInvalid("", "the entry is blank");
		assertInvalid("  ", "the entry is blank");
		assertInvalid("\t", "the entry is blank");
	}

	@Test
	void entryWithWhitespaceInsideIsRejected() {
		assertInvalid("send email", "the entry contains whitespace at position 5");
		assertInvalid("send\temail", "the entry contains whitespace at position 5");
		assertInvalid(" sendEmail", "the entry contains whitespace at position 1");
		assertInvalid("sendEmail ", "the entry contains whitespace at position 10");
	}

	@Test
	void entryWithCharacterOutsideTheAllowedSetIsRejected() {
		assertInvalid("send(email)", "the character '(' at position 5 is not allowed");
		assertInvalid("a/b", "the character '/' at position 2 is not allowed");
		assertInvalid("a,b", "the character ',' at position 2 is not allowed");
		assertInvalid("send?", "the character '?' at position 5 is not allowed");
		assertInvalid("sendÉmail", "the character 'É' at position 5 is not allowed");
	}

	@Test
	void entryWithEmptySegmentIsRejected() {
		assertInvalid("a..b", "the entry has an empty segment");
		assertInvalid(".a", "the entry has an empty segment");
		assertInvalid("a.", "the entry has an empty segment");
		assertInvalid(".", "the entry has an empty segment");
	}

	@Test
	void rejectionCarriesThePropertyWithItsIndexAndTheValue() {
		assertThatExceptionOfType(InvalidNamePatternException.class)
			.isThrownBy(() -> NamePattern.parse(PROPERTY, "send email"))
			.withMessage("Invalid value 'send email' for property "
					+ "'otel.instrumentation.async.method-names-to-trace[2]': the entry contains whitespace at position 5")
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo(PROPERTY);
				assertThat(ex.getValue()).isEqualTo("send email");
			});
	}

	@Test
	void syntaxNamesTheAllowedCharactersAndExamples() {
		assertThat(NamePattern.SYNTAX).contains("[A-Za-z0-9_$.*-]", "'a..b'", "'sendEmail'", "'OrderService.*'",
				"'*Report*'", "'report-render'");
	}

	private static NamePattern parse(String value) {
		return NamePattern.parse(PROPERTY, value);
	}

	private static void assertInvalid(String value, String reason) {
		assertThatExceptionOfType(InvalidNamePatternException.class)
			.isThrownBy(() -> NamePattern.parse(PROPERTY, value))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo(PROPERTY);
				assertThat(ex.getValue()).isEqualTo(value);
				assertThat(ex.getReason()).isEqualTo(reason);
			});
	}

}
