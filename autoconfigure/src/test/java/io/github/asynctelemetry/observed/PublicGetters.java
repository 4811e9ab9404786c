package io.github.asynctelemetry.observed;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Compares what the public no-argument getters ({@code get*}, {@code is*}) of two beans
 * answer: one built without the starter, one built with it. A getter answers the same
 * when both calls return equal values, or both return objects of the same class where
 * the object is one made per application (a thread factory, the JDK pool behind a Spring
 * executor), or both throw an exception of the same class. The beans' own classes must
 * be the same: a proxy is a difference.
 * <p>
 * An anonymous class counts as its superclass: Spring builds its JDK pool as an anonymous
 * subclass exactly when a {@code TaskDecorator} is set, which is how Spring Boot applies
 * every {@code TaskDecorator} bean, the starter's included.
 *
 * @author Async Telemetry team
 */
final class PublicGetters {

	private PublicGetters() {
	}

	/**
	 * Return how the public getters of {@code actual} answer differently from those of
	 * {@code expected}, one line per getter; empty when they all answer the same.
	 * @param expected the bean without the starter
	 * @param actual the bean with the starter
	 * @return the differences
	 */
	static List<String> differences(Object expected, Object actual) {
		List<String> differences = new ArrayList<>();
		if (expected.getClass() != actual.getClass()) {
			differences.add("getClass(): expected " + expected.getClass().getName() + " but was "
					+ actual.getClass().getName());
		}
		for (Method getter : getters(expected.getClass())) {
			Answer want = Answer.of(getter, expected);
			Answer got = Answer.of(getter, actual);
			if (!want.isSameAs(got)) {
				differences.add(getter.getName() + "(): expected " + want + " but was " + got);
			}
		}
		return differences;
	}

	private static List<Method> getters(Class<?> type) {
		return Arrays.stream(type.getMethods())
			.filter((method) -> !Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 0
					&& method.getReturnType() != void.class && !method.getName().equals("getClass")
					&& (method.getName().startsWith("get") || method.getName().startsWith("is")))
			.sorted(Comparator.comparing(Method::getName))
			.toList();
	}

	private record Answer(Object value, Class<? extends Throwable> thrown) {

		static Answer of(Method getter, Object target) {
			try {
				return new Answer(getter.invoke(target), null);
			}
			catch (InvocationTargetException ex) {
				return new Answer(null, ex.getCause().getClass());
			}
			catch (IllegalAccessException ex) {
				return new Answer(null, ex.getClass());
			}
		}

		boolean isSameAs(Answer other) {
			if (this.thrown != null || other.thrown != null) {
				return this.thrown == other.thrown;
			}
			if (Objects.equals(this.value, other.value)) {
				return true;
			}
			if (this.value == null || other.value == null || isValue(this.value)) {
				return false;
			}
			return comparedClass(this.value.getClass()) == comparedClass(other.value.getClass());
		}

		private static boolean isValue(Object value) {
			return value instanceof CharSequence || value instanceof Number || value instanceof Boolean
					|| value instanceof Character || value instanceof Enum || value instanceof Duration
					|| value instanceof Class;
		}

		private static Class<?> comparedClass(Class<?> type) {
			return type.isAnonymousClass() ? type.getSuperclass() : type;
		}

		@Override
		public String toString() {
			if (this.thrown != null) {
				return "thrown " + this.thrown.getName();
			}
			return (this.value != null) ? this.value + " (" + this.value.getClass().getName() + ")" : "null";
		}

	}

}
