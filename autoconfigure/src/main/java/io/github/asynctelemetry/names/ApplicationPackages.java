package io.github.asynctelemetry.names;

import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;

/**
 * The application's own packages, as Spring Boot's {@link AutoConfigurationPackages}
 * declare them (the package of the {@code @SpringBootApplication} class and those added
 * with {@code @AutoConfigurationPackage}). "User code" is code in these packages, never
 * "anything outside a list of libraries": an application under
 * {@code org.springframework.samples} is user code, a Tomcat or Kafka class is not.
 * <p>
 * Cost: a prefix comparison per package; callers ask once per class and cache.
 *
 * @author Async Telemetry team
 */
public final class ApplicationPackages {

	private static final ApplicationPackages NONE = new ApplicationPackages(List.of());

	private final List<String> packages;

	private ApplicationPackages(List<String> packages) {
		this.packages = List.copyOf(packages);
	}

	/**
	 * Return the application packages registered with the given bean factory.
	 * @param beanFactory the bean factory of the application
	 * @return the packages, none when the application declares none
	 */
	public static ApplicationPackages of(BeanFactory beanFactory) {
		return AutoConfigurationPackages.has(beanFactory) ? of(AutoConfigurationPackages.get(beanFactory)) : NONE;
	}

	/**
	 * Return the given packages.
	 * @param packages package names, for example {@code com.example}
	 * @return the packages
	 */
	public static ApplicationPackages of(List<String> packages) {
		return new ApplicationPackages(packages);
	}

	/**
	 * Return whether the given class lies in one of the application packages or in a
	 * package below one.
	 * @param type the class
	 * @return {@code true} for a class of the application
	 */
	public boolean contains(Class<?> type) {
		String packageName = type.getPackageName();
		for (String candidate : this.packages) {
			if (packageName.startsWith(candidate) && (packageName.length() == candidate.length()
					|| packageName.charAt(candidate.length()) == '.')) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return this.packages.toString();
	}

}
