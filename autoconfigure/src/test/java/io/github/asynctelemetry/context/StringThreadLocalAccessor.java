package io.github.asynctelemetry.context;

import io.micrometer.context.ThreadLocalAccessor;

/**
 * A {@link ThreadLocalAccessor} of a plain {@code ThreadLocal<String>}, for tests.
 *
 * @author Async Telemetry team
 */
public class StringThreadLocalAccessor implements ThreadLocalAccessor<String> {

	private final String key;

	private final ThreadLocal<String> threadLocal;

	public StringThreadLocalAccessor(String key, ThreadLocal<String> threadLocal) {
		this.key = key;
		this.threadLocal = threadLocal;
	}

	@Override
	public Object key() {
		return this.key;
	}

	@Override
	public String getValue() {
		return this.threadLocal.get();
	}

	@Override
	public void setValue(String value) {
		this.threadLocal.set(value);
	}

	@Override
	public void setValue() {
		this.threadLocal.remove();
	}

}
