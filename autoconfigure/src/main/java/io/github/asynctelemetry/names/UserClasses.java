package io.github.asynctelemetry.names;

import java.lang.reflect.Method;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.util.ClassUtils;

/**
 * Decides the user class of a bean method: the class whose simple name names the
 * method's units ({@code SimpleClassName.method}) and against which the entries of
 * {@code method-names-to-trace} are matched. It is never a class generated at run time
 * (a JDK proxy, a CGLIB subclass, a lambda), so that a unit is never named
 * {@code $Proxy105.findByCity}. The first that applies:
 * <ol>
 * <li>the class behind the bean's proxies, when it is a class of the application
 * ({@link ApplicationPackages});</li>
 * <li>otherwise the interface of the application that the bean implements and that
 * declares or inherits the method, the bean's own interfaces first: a Spring Data
 * repository ({@code CustomerRepository.findByCity}), a proxy without a target, a
 * lambda;</li>
 * <li>otherwise the interface of the application that declares the method;</li>
 * <li>otherwise the class behind the bean's proxies, when it is not generated (an
 * application that declares no packages, a library bean);</li>
 * <li>otherwise the class or interface that declares the method.</li>
 * </ol>
 * <p>
 * Cost: a few class checks and a walk of the bean's interfaces; callers decide once per
 * {@code Method} and class, and cache.
 *
 * @author Async Telemetry team
 */
public final class UserClasses {

	private final ApplicationPackages application;

	private UserClasses(ApplicationPackages application) {
		this.application = application;
	}

	/**
	 * Return the user classes of the given application.
	 * @param application the application's packages
	 * @return the user classes
	 */
	public static UserClasses of(ApplicationPackages application) {
		return new UserClasses(application);
	}

	/**
	 * Return the class behind every proxy of a bean, as far as it can be known without
	 * side effects: the bean's own class for a bean that is not a proxy, the proxy's
	 * class for a proxy without a target.
	 * @param bean the bean, possibly a proxy, possibly of a proxy
	 * @return the ultimate target class, possibly a generated class
	 */
	public static Class<?> targetClassOf(Object bean) {
		return AopProxyUtils.ultimateTargetClass(bean);
	}

	/**
	 * Return the user class of a method called on a bean.
	 * @param targetClass the class behind the bean's proxies, as
	 * {@link #targetClassOf(Object)} returns it
	 * @param beanClass the class of the bean as its callers see it (the outermost proxy's
	 * class for a proxy), whose interfaces are searched
	 * @param method the method called
	 * @return the user class, never a generated class
	 */
	public Class<?> of(Class<?> targetClass, Class<?> beanClass, Method method) {
		Class<?> target = ClassUtils.getUserClass(targetClass);
		boolean generated = UnitNames.isGenerated(target);
		if (!generated && this.application.contains(target)) {
			return target;
		}
		Class<?> declaringClass = method.getDeclaringClass();
		for (Class<?> candidate : ClassUtils.getAllInterfacesForClassAsSet(beanClass)) {
			if (declaringClass.isAssignableFrom(candidate) && isApplicationClass(candidate)) {
				return candidate;
			}
		}
		if (declaringClass.isInterface() && isApplicationClass(declaringClass)) {
			return declaringClass;
		}
		return (generated) ? declaringClass : target;
	}

	private boolean isApplicationClass(Class<?> type) {
		return !UnitNames.isGenerated(type) && this.application.contains(type);
	}

}
