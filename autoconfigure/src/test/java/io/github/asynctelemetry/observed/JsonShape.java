package io.github.asynctelemetry.observed;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape an endpoint's answer is written in as JSON, without a JSON library: a record
 * or bean becomes a map of its properties (record components, or public getters), a
 * collection a list, anything else its value. Enough to read an answer by its documented
 * keys, whatever classes carry it.
 *
 * @author Async Telemetry team
 */
final class JsonShape {

	private JsonShape() {
	}

	/**
	 * Return the JSON shape of a value.
	 * @param value the value
	 * @return maps, lists and plain values
	 */
	static Object of(Object value) {
		if (value == null || value instanceof CharSequence || value instanceof Number || value instanceof Boolean
				|| value instanceof Enum) {
			return (value instanceof CharSequence) ? value.toString() : value;
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> shape = new LinkedHashMap<>();
			map.forEach((key, entry) -> shape.put(String.valueOf(key), of(entry)));
			return shape;
		}
		if (value instanceof Collection<?> collection) {
			List<Object> shape = new ArrayList<>();
			collection.forEach((element) -> shape.add(of(element)));
			return shape;
		}
		if (value.getClass().isRecord()) {
			Map<String, Object> shape = new LinkedHashMap<>();
			for (RecordComponent component : value.getClass().getRecordComponents()) {
				shape.put(component.getName(), of(invoke(component.getAccessor(), value)));
			}
			return shape;
		}
		Map<String, Object> shape = new LinkedHashMap<>();
		for (Method method : value.getClass().getMethods()) {
			String property = property(method);
			if (property != null) {
				shape.put(property, of(invoke(method, value)));
			}
		}
		return shape;
	}

	private static String property(Method method) {
		if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0
				|| method.getDeclaringClass() == Object.class) {
			return null;
		}
		String name = method.getName();
		if (name.startsWith("get") && name.length() > 3) {
			return Character.toLowerCase(name.charAt(3)) + name.substring(4);
		}
		if (name.startsWith("is") && name.length() > 2 && method.getReturnType() == boolean.class) {
			return Character.toLowerCase(name.charAt(2)) + name.substring(3);
		}
		return null;
	}

	private static Object invoke(Method method, Object target) {
		try {
			method.setAccessible(true);
			return method.invoke(target);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new IllegalStateException("Cannot read " + method + " of the endpoint's answer", ex);
		}
	}

}
