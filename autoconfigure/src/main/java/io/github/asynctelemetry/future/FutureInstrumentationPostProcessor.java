package io.github.asynctelemetry.future;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.github.asynctelemetry.names.ApplicationPackages;
import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.scheduling.annotation.Async;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Instruments the methods returning a {@link CompletionStage} (a
 * {@code CompletableFuture} included) of the beans whose class lies in the
 * application's own packages (Spring Boot's {@link AutoConfigurationPackages}). A bean
 * that is already a proxy gets one more advisor, placed first so that the measurement
 * starts when the future reaches the caller; another bean gets a class-based proxy. A
 * class that cannot be proxied (a final class) is skipped with a debug log.
 * {@code @Async} methods are left to the {@code @Async} instrumentation, which tracks
 * their futures from the call. Only methods declared by application classes count: a
 * method an application class inherits from a library (such as
 * {@code ThreadPoolTaskExecutor.submitCompletable}) is not a unit of the application,
 * and {@link Executor} beans are never proxied (their tasks are the {@code task}
 * unit).
 * <p>
 * This post-processor is deliberately not {@code Ordered}, so that it sees the proxies
 * the ordered post-processors (auto-proxying, {@code @Async}) have made.
 *
 * @author Async Telemetry team
 */
public class FutureInstrumentationPostProcessor implements BeanPostProcessor, BeanFactoryAware, BeanClassLoaderAware {

	private static final Log logger = LogFactory.getLog(FutureInstrumentationPostProcessor.class);

	private final Supplier<FutureTelemetry> telemetry;

	private FuturePointcut pointcut = new FuturePointcut(ApplicationPackages.of(List.of()));

	private @Nullable ClassLoader classLoader;

	/**
	 * Create a post-processor. The collaborators are resolved when the first future is
	 * returned, not before.
	 * @param recorder the recorder of meters
	 * @param tracker the tracker of futures
	 * @param selection whether futures get spans
	 */
	public FutureInstrumentationPostProcessor(ObjectProvider<AsyncUnitRecorder> recorder,
			ObjectProvider<FutureTracker> tracker, ObjectProvider<TraceSelection> selection) {
		this.telemetry = SingletonSupplier.of(() -> {
			AsyncUnitRecorder unitRecorder = recorder.getObject();
			return new FutureTelemetry(unitRecorder, tracker.getObject(), selection.getObject().futures(),
					unitRecorder.getFailureLog());
		});
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		this.pointcut = new FuturePointcut(ApplicationPackages.of(beanFactory));
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> userClass = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
		if (bean instanceof Executor || !this.pointcut.isApplicationClass(userClass)
				|| !this.pointcut.hasCandidates(userClass)) {
			return bean;
		}
		if (bean instanceof Advised advised) {
			return addTo(advised, userClass, beanName);
		}
		if (Modifier.isFinal(userClass.getModifiers())) {
			logger.debug("Not instrumenting futures of bean '" + beanName + "': its class " + userClass.getName()
					+ " is final and cannot be proxied");
			return bean;
		}
		try {
			ProxyFactory proxyFactory = new ProxyFactory(bean);
			proxyFactory.setProxyTargetClass(true);
			proxyFactory.addAdvisor(advisor(userClass));
			return proxyFactory.getProxy(this.classLoader);
		}
		catch (RuntimeException ex) {
			logger.debug("Not instrumenting futures of bean '" + beanName + "': it cannot be proxied", ex);
			return bean;
		}
	}

	private Object addTo(Advised advised, Class<?> userClass, String beanName) {
		for (Advisor advisor : advised.getAdvisors()) {
			if (advisor instanceof FutureAdvisor) {
				return advised;
			}
		}
		if (advised.isFrozen()) {
			logger.debug("Not instrumenting futures of bean '" + beanName + "': its proxy is frozen");
			return advised;
		}
		advised.addAdvisor(0, advisor(userClass));
		return advised;
	}

	private FutureAdvisor advisor(Class<?> userClass) {
		return new FutureAdvisor(this.pointcut, new FutureReturnInterceptor(userClass, this.telemetry));
	}

	/**
	 * The advisor of future-returning methods, also the mark of an instrumented proxy.
	 */
	private static final class FutureAdvisor extends DefaultPointcutAdvisor {

		FutureAdvisor(FuturePointcut pointcut, FutureReturnInterceptor interceptor) {
			super(pointcut, interceptor);
		}

	}

	/**
	 * Matches methods declared by an application class to return a
	 * {@link CompletionStage} that are not {@code @Async}, neither on the method nor on
	 * its class.
	 */
	private static final class FuturePointcut extends StaticMethodMatcherPointcut {

		private final ApplicationPackages packages;

		FuturePointcut(ApplicationPackages packages) {
			this.packages = packages;
		}

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return CompletionStage.class.isAssignableFrom(method.getReturnType())
					&& isApplicationClass(AopUtils.getMostSpecificMethod(method, targetClass).getDeclaringClass())
					&& !AnnotatedElementUtils.hasAnnotation(method, Async.class)
					&& !AnnotatedElementUtils.hasAnnotation(ClassUtils.getUserClass(targetClass), Async.class)
					&& !AnnotatedElementUtils.hasAnnotation(method.getDeclaringClass(), Async.class);
		}

		boolean hasCandidates(Class<?> userClass) {
			for (Method method : userClass.getMethods()) {
				if (matches(method, userClass)) {
					return true;
				}
			}
			return false;
		}

		boolean isApplicationClass(Class<?> type) {
			return this.packages.contains(type);
		}

	}

}
