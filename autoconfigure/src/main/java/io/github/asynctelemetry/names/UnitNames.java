package io.github.asynctelemetry.names;

import java.lang.reflect.Proxy;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The one place where unit names are made from classes and methods, and the one
 * definition of a class generated at run time, which never names a unit. A name is
 * {@code SimpleClassName.method} for a method and the simple class name for a task class;
 * an anonymous class is named after the class that encloses it. Callers make names once
 * per {@code Method}, class or stack frame, and cache them.
 *
 * @author Async Telemetry team
 */
public final class UnitNames {

	private UnitNames() {
	}

	/**
	 * Return whether a class was generated at run time (a JDK proxy, a CGLIB subclass, a
	 * lambda or another hidden or synthetic class), and so never names a unit.
	 * @param type the class
	 * @return {@code true} for a generated class
	 */
	public static boolean isGenerated(Class<?> type) {
		return Proxy.isProxyClass(type) || type.isHidden() || type.isSynthetic()
				|| type.getName().contains(ClassUtils.CGLIB_CLASS_SEPARATOR);
	}

	/**
	 * Return the name of the units of a method: {@code SimpleClassName.method}.
	 * @param userClass the user class of the method, never a generated class
	 * @param methodName the method's name
	 * @return the unit name
	 */
	public static String of(Class<?> userClass, String methodName) {
		return of(userClass) + "." + methodName;
	}

	/**
	 * Return the name of the units of a class: its simple name, or the simple name of the
	 * class that encloses it when it is anonymous.
	 * @param userClass the class, never a generated class
	 * @return the unit name, empty for a class that has no name of its own
	 */
	public static String of(Class<?> userClass) {
		Class<?> named = userClass;
		while (named.isAnonymousClass() && named.getEnclosingClass() != null) {
			named = named.getEnclosingClass();
		}
		return named.getSimpleName();
	}

	/**
	 * Return the name of the units of a method known only by the binary name of its class
	 * (a description such as {@code com.example.Jobs.nightly}): the simple name of the
	 * class, without the suffix of a generated subclass, then the method.
	 * @param className the binary name of the class
	 * @param methodName the method's name
	 * @return the unit name, or {@code null} when the class name has no simple name
	 */
	public static @Nullable String of(String className, String methodName) {
		int generated = className.indexOf(ClassUtils.CGLIB_CLASS_SEPARATOR);
		String userName = (generated >= 0) ? className.substring(0, generated) : className;
		String simpleName = userName.substring(Math.max(userName.lastIndexOf('.'), userName.lastIndexOf('$')) + 1);
		return (simpleName.isEmpty()) ? null : simpleName + "." + methodName;
	}

}
