package io.github.asynctelemetry.names;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a method or a task name is selected by a names-to-trace list. Each
 * decision is taken once per method or name and cached, so that repeated questions cost
 * one map lookup (for a method, after a {@link ClassValue} read), whatever the number of
 * entries, and build no string. The cache holds one entry per distinct name asked about;
 * callers that ask about unbounded names (task names from data) must cap them first.
 *
 * @author Async Telemetry team
 */
public final class NameSelector {

	private static final NameSelector NONE = new NameSelector(Collections.emptyList());

	private final List<NamePattern> patterns;

	private final boolean empty;

	private final ClassValue<Map<String, Boolean>> methodDecisions = new DecisionsPerClass();

	private final Map<String, Boolean> nameDecisions = new ConcurrentHashMap<>();

	private NameSelector(List<NamePattern> patterns) {
		this.patterns = patterns;
		this.empty = patterns.isEmpty();
	}

	/**
	 * Create a selector from the entries of a property, validating each one.
	 * @param property the full property name, for example
	 * {@code otel.instrumentation.async.method-names-to-trace}
	 * @param entries the bound entries
	 * @return the selector
	 * @throws InvalidNamePatternException if an entry is not valid
	 */
	public static NameSelector of(String property, List<String> entries) {
		if (entries.isEmpty()) {
			return NONE;
		}
		List<NamePattern> patterns = new ArrayList<>(entries.size());
		for (int i = 0; i < entries.size(); i++) {
			patterns.add(NamePattern.parse(property + "[" + i + "]", entries.get(i)));
		}
		return new NameSelector(List.copyOf(patterns));
	}

	/**
	 * Return a selector that selects nothing.
	 * @return the empty selector
	 */
	public static NameSelector none() {
		return NONE;
	}

	/**
	 * Return whether this selector has no patterns and so never selects anything.
	 * @return {@code true} if nothing can be selected
	 */
	public boolean isEmpty() {
		return this.empty;
	}

	/**
	 * Return whether the method is selected, written as {@code method},
	 * {@code SimpleClassName.method} or {@code com.example.SimpleClassName.method}. A
	 * nested class may also be written with its enclosing classes, joined by {@code $}
	 * or {@code .}, as in {@code Outer$Inner.method} or
	 * {@code com.example.Outer.Inner.method}.
	 * @param userClass the {@linkplain UserClasses user class} of the method, the one its
	 * units are named after (never a proxy class)
	 * @param methodName the method name
	 * @return {@code true} if any pattern matches any of these forms
	 */
	public boolean selectsMethod(Class<?> userClass, String methodName) {
		if (this.empty) {
			return false;
		}
		Map<String, Boolean> decisions = this.methodDecisions.get(userClass);
		Boolean decision = decisions.get(methodName);
		if (decision == null) {
			decision = decisions.computeIfAbsent(methodName, (key) -> anyMatches(methodForms(userClass, key)));
		}
		return decision;
	}

	private static String[] methodForms(Class<?> userClass, String methodName) {
		String binaryName = userClass.getName();
		String packageName = userClass.getPackageName();
		String nestedName = (packageName.isEmpty()) ? binaryName : binaryName.substring(packageName.length() + 1);
		return new String[] { methodName, UnitNames.of(userClass, methodName), nestedName + "." + methodName,
				nestedName.replace('$', '.') + "." + methodName, binaryName + "." + methodName,
				binaryName.replace('$', '.') + "." + methodName };
	}

	/**
	 * Return whether the task name is selected.
	 * @param taskName the task name
	 * @return {@code true} if any pattern matches the whole name
	 */
	public boolean selectsName(String taskName) {
		if (this.empty) {
			return false;
		}
		Boolean decision = this.nameDecisions.get(taskName);
		if (decision == null) {
			decision = this.nameDecisions.computeIfAbsent(taskName, this::anyMatches);
		}
		return decision;
	}

	private boolean anyMatches(String... forms) {
		for (NamePattern pattern : this.patterns) {
			for (String form : forms) {
				if (pattern.matches(form)) {
					return true;
				}
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return this.patterns.toString();
	}

	/**
	 * The method decisions of one class, by method name, held by the class itself so
	 * that asking costs no string building.
	 */
	private static final class DecisionsPerClass extends ClassValue<Map<String, Boolean>> {

		@Override
		protected Map<String, Boolean> computeValue(Class<?> type) {
			return new ConcurrentHashMap<>();
		}

	}

}
