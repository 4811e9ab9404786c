package io.github.asynctelemetry.names;

import java.util.Arrays;
import java.util.List;

import com.example.MonthlyReportService;
import com.example.OrderService;
import com.example.Outer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link NameSelector}.
 *
 * @author Async Telemetry team
 */
class NameSelectorTests {

	private static final String METHODS = "otel.instrumentation.async.method-names-to-trace";

	private static final String TASKS = "otel.instrumentation.async.task-names-to-trace";

	@Test
	void methodNameAloneSelectsThatMethodOfEveryClass() {
		NameSelector selector = methods("sendEmail");
		assertThat(selector.selectsMethod(OrderService.class, "sendEmail")).isTrue();
		assertThat(selector.selectsMethod(MonthlyReportService.class, "sendEmail")).isTrue();
		assertThat(selector.selectsMethod(OrderService.class, "cancelOrder")).isFalse();
	}

	@Test
	void simpleClassNameAndMethodSelectsOnlyThatClass() {
		NameSelector selector = methods("OrderService.sendEmail");
		assertThat(selector.selectsMethod(OrderService.class, "sendEmail")).isTrue();
		assertThat(selector.selectsMethod(MonthlyReportService.class, "sendEmail")).isFalse();
		assertThat(selector.selectsMethod(OrderService.class, "cancelOrder")).isFalse();
	}

	@Test
	void qualifiedClassNameAndMethodSelectsOnlyThatClass() {
		NameSelector selector = methods("com.example.OrderService.sendEmail");
		assertThat(selector.selectsMethod(OrderService.class, "sendEmail")).isTrue();
		assertThat(selector.selectsMethod(MonthlyReportService.class, "sendEmail")).isFalse();
		assertThat(selector.selectsMethod(OrderService.class, "cancelOrder")).isFalse();
	}

	@Test
	void qualifiedNameInAnotherPackageDoesNotSelect() {
		NameSelector selector = methods("org.example.OrderService.sendEmail");
		assertThat(selector.selectsMethod(OrderService.class, "sendEmail")).isFalse();
	}

	@Test
	void classWildcardSelectsEveryMethodOfTheClass() {
		NameSelector selector = methods("OrderService.*");
		assertThat(selector.selectsMethod(OrderService.class, "sendEmail")).isTrue();
		assertThat(selector.selectsMethod(OrderService.class, "cancelOrder")).isTrue();
		assertThat(selector.selectsMethod(MonthlyReportService.class, "render")).isFalse();
	}

	@Test
	void surroundingWildcardsSelectByPartOfTheClassName() {
		NameSelector selector = methods("*Report*");
		assertThat(selector.selectsMethod(MonthlyReportService.class, "render")).isTrue();
		assertThat(selector.selectsMethod(OrderService.class, "sendEmail")).isFalse();
	}

	@Test
	void loneWildcardSelectsEveryMethod() {
		NameSelector selector = methods("*");
		assertThat(selector.selectsMethod(OrderService.class, "sendEmail")).isTrue();
		assertThat(selector.selectsMethod(Outer.Inner.class, "run")).isTrue();
	}

	@Test
	void partialNamesWithoutWildcardDoNotSelect() {
		NameSelector selector = methods("send", "Service.sendEmail", "OrderService", "example.OrderService.sendEmail");
		assertThat(selector.selectsMethod(OrderService.class, "sendEmail")).isFalse();
	}

	@Test
	void nestedClassIsSelectedByItsSimpleName() {
		NameSelector selector = methods("Inner.run");
		assertThat(selector.selectsMethod(Outer.Inner.class, "run")).isTrue();
		assertThat(selector.selectsMethod(Outer.class, "run")).isFalse();
	}

	@Test
	void nestedClassIsSelectedByItsBinaryName() {
		assertThat(methods("Outer$Inner.run").selectsMethod(Outer.Inner.class, "run")).isTrue();
		assertThat(methods("com.example.Outer$Inner.run").selectsMethod(Outer.Inner.class, "run")).isTrue();
		assertThat(methods("Outer$Inner.*").selectsMethod(Outer.Inner.class, "run")).isTrue();
		assertThat(methods("Outer$Inner.run").selectsMethod(Outer.class, "run")).isFalse();
	}

	@Test
	void nestedClassIsSelectedByItsCanonicalName() {
		assertThat(methods("Outer.Inner.run").selectsMethod(Outer.Inner.class, "run")).isTrue();
		assertThat(methods("com.example.Outer.Inner.run").selectsMethod(Outer.Inner.class, "run")).isTrue();
	}

	@Test
	void anyOfSeveralEntriesSelects() {
		NameSelector selector = methods("sendEmail", "MonthlyReportService.*");
		assertThat(selector.selectsMethod(OrderService.class, "sendEmail")).isTrue();
		assertThat(selector.selectsMethod(MonthlyReportService.class, "render")).isTrue();
		assertThat(selector.selectsMethod(OrderService.class, "cancelOrder")).isFalse();
	}

	@Test
	void taskNameIsMatchedAsAWholeName() {
		NameSelector selector = tasks("report-render", "OrderService.*");
		assertThat(selector.selectsName("report-render")).isTrue();
		assertThat(selector.selectsName("OrderService.sendEmail")).isTrue();
		assertThat(selector.selectsName("report")).isFalse();
		assertThat(selector.selectsName("report-render-2")).isFalse();
		assertThat(selector.selectsName("sendEmail")).isFalse();
		assertThat(selector.selectsName("com.example.OrderService.sendEmail")).isFalse();
	}

	@Test
	void taskWildcardSelectsMatchingTaskNames() {
		NameSelector selector = tasks("report-*");
		assertThat(selector.selectsName("report-render")).isTrue();
		assertThat(selector.selectsName("invoice-render")).isFalse();
	}

	@Test
	void repeatedQuestionsGetTheSameAnswer() {
		NameSelector selector = methods("OrderService.send*");
		for (int i = 0; i < 3; i++) {
			assertThat(selector.selectsMethod(OrderService.class, "sendEmail")).isTrue();
			assertThat(selector.selectsMethod(OrderService.class, "cancelOrder")).isFalse();
		}
		NameSelector tasks = tasks("report-*");
		for (int i = 0; i < 3; i++) {
			assertThat(tasks.selectsName("report-render")).isTrue();
			assertThat(tasks.selectsName("invoice-render")).isFalse();
		}
	}

	@Test
	void cachedMethodDecisionDoesNotAnswerForATaskNameOfTheSameText() {
		NameSelector selector = methods("sendEmail");
		assertThat(selector.selectsMethod(OrderService.class, "sendEmail")).isTrue();
		assertThat(selector.selectsName("com.example.OrderService.sendEmail")).isFalse();
	}

	@Test
	void cachedTaskDecisionDoesNotAnswerForAMethodOfTheSameText() {
		NameSelector selector = methods("sendEmail");
		assertThat(selector.selectsName("com.example.OrderService.sendEmail")).isFalse();
		assertThat(selector.selectsMethod(OrderService.class, "sendEmail")).isTrue();
	}

	@Test
	void sameMethodNameOfDifferentClassesIsDecidedPerClass() {
		NameSelector selector = methods("OrderService.run");
		assertThat(selector.selectsMethod(Outer.Inner.class, "run")).isFalse();
		assertThat(selector.selectsMethod(OrderService.class, "run")).isTrue();
		assertThat(selector.selectsMethod(Outer.Inner.class, "run")).isFalse();
	}

	@Test
	void emptyListSelectsNothing() {
		NameSelector selector = NameSelector.of(METHODS, List.of());
		assertThat(selector.isEmpty()).isTrue();
		assertThat(selector).isSameAs(NameSelector.none());
		assertThat(selector.selectsMethod(OrderService.class, "sendEmail")).isFalse();
		assertThat(selector.selectsName("report-render")).isFalse();
	}

	@Test
	void nonEmptyListIsNotEmpty() {
		assertThat(methods("*").isEmpty()).isFalse();
	}

	@Test
	void invalidEntryIsReportedWithItsIndex() {
		assertThatExceptionOfType(InvalidNamePatternException.class)
			.isThrownBy(() -> methods("sendEmail", "OrderService.*", "send email"))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo(METHODS + "[2]");
				assertThat(ex.getValue()).isEqualTo("send email");
			});
	}

	@Test
	void invalidTaskEntryIsReportedWithItsIndex() {
		assertThatExceptionOfType(InvalidNamePatternException.class).isThrownBy(() -> tasks("a..b"))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo(TASKS + "[0]");
				assertThat(ex.getValue()).isEqualTo("a..b");
			});
	}

	@Test
	void everyInvalidFormIsRejected() {
		for (String invalid : new String[] { "", "  ", "\t", "send email", "send\temail", "send(email)", "a/b",
				"a,b", "a..b", ".a", "a." }) {
			assertThatExceptionOfType(InvalidNamePatternException.class)
				.as("entry '%s'", invalid)
				.isThrownBy(() -> methods("sendEmail", invalid))
				.satisfies((ex) -> {
					assertThat(ex.getProperty()).isEqualTo(METHODS + "[1]");
					assertThat(ex.getValue()).isEqualTo(invalid);
				});
		}
	}

	@Test
	void toStringListsThePatterns() {
		assertThat(methods("sendEmail", "OrderService.*")).hasToString("[sendEmail, OrderService.*]");
	}

	private static NameSelector methods(String... entries) {
		return NameSelector.of(METHODS, Arrays.asList(entries));
	}

	private static NameSelector tasks(String... entries) {
		return NameSelector.of(TASKS, Arrays.asList(entries));
	}

}
