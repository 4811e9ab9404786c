package io.github.asynctelemetry.future;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.github.asynctelemetry.names.ApplicationPackages;
import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.names.UnitNames;
import io.github.asynctelemetry.names.UserClasses;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.scheduling.annotation.Async;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Instruments the methods returning a {@link CompletionStage} (a
 * {@code CompletableFuture} included) of the beans whose class lies in the
 * application's own packages (Spring Boot's {@link AutoConfigurationPackages}), and,
 * when {@link PublisherFutures} beans are present (Reactor, Kotlin coroutines on the
 * class path), the methods declared to return the publishers they support
 * ({@code Mono}, {@code Flux}, {@code Flow}); and, when a {@link SuspendingFunctions}
 * bean is present (Kotlin coroutines), their Kotlin {@code suspend} functions, whose
 * calls are {@code coroutine} units.
 * A bean that is already a proxy gets one more advisor, placed first so that the
 * measurement starts when the future reaches the caller; another bean gets a
 * class-based proxy. A class that cannot be proxied (a final class) is skipped with a
 * debug log.
 * {@code @Async} methods are left to the {@code @Async} instrumentation, which tracks
 * their futures from the call. Only methods declared by application classes count: a
 * method an application class inherits from a library (such as
 * {@code ThreadPoolTaskExecutor.submitCompletable}) is not a unit of the application,
 * and {@link Executor} beans are never proxied (their tasks are the {@code task}
 * unit). Classes generated at run time (proxies, lambdas) are not application classes.
 * <p>
 * Being an {@link AbstractBeanFactoryAwareAdvisingPostProcessor}, it tells Spring AOT
 * the proxy class of each bean ahead of time, and it honours the proxy settings that
 * Spring's bean definitions carry. Like Spring's own advising post-processors it has
 * the lowest precedence, so it sees the proxies that the auto-proxy creator has made.
 *
 * @author Async Telemetry team
 */
public class FutureInstrumentationPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private static final Log logger = LogFactory.getLog(FutureInstrumentationPostProcessor.class);

	private final Supplier<FutureTelemetry> telemetry;

	private final Supplier<Optional<PublisherFutures>> publishers;

	private final Supplier<Optional<SuspendingFunctions>> suspending;

	private @Nullable FuturePointcut pointcut;

	/**
	 * Create a post-processor. The collaborators are resolved when the first future is
	 * returned, not before, and the publisher tracker when the first method is matched.
	 * It advises nothing until it is given its bean factory, which tells it the
	 * application's packages.
	 * @param recorder the recorder of meters
	 * @param tracker the tracker of futures
	 * @param selection which units get spans
	 * @param publishers the trackers of returned publishers, one per publisher library
	 * the application has
	 * @param suspending the calls of suspend functions, when the application has Kotlin
	 * coroutines
	 */
	public FutureInstrumentationPostProcessor(ObjectProvider<AsyncUnitRecorder> recorder,
			ObjectProvider<FutureTracker> tracker, ObjectProvider<TraceSelection> selection,
			ObjectProvider<PublisherFutures> publishers, ObjectProvider<SuspendingFunctions> suspending) {
		this.publishers = SingletonSupplier
			.of(() -> Optional.ofNullable(PublisherFutures.of(publishers.orderedStream().toList())));
		this.suspending = SingletonSupplier.of(() -> Optional.ofNullable(suspending.getIfAvailable()));
		this.telemetry = SingletonSupplier.of(() -> {
			AsyncUnitRecorder unitRecorder = recorder.getObject();
			return new FutureTelemetry(tracker.getObject(), selection.getObject(), unitRecorder.getFailureLog(),
					this.publishers.get().orElse(null), this.suspending.get().orElse(null));
		});
		setProxyTargetClass(true);
		setBeforeExistingAdvisors(true);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		ApplicationPackages packages = ApplicationPackages.of(beanFactory);
		FuturePointcut pointcut = new FuturePointcut(packages, this.publishers, this.suspending);
		this.pointcut = pointcut;
		this.advisor = new DefaultPointcutAdvisor(pointcut,
				new FutureReturnInterceptor(UserClasses.of(packages), this.telemetry));
	}

	@Override
	protected boolean isEligible(Object bean, String beanName) {
		boolean eligible = super.isEligible(bean, beanName);
		if (!eligible && logger.isDebugEnabled() && this.pointcut != null
				&& Modifier.isFinal(bean.getClass().getModifiers()) && this.pointcut.hasFutureMethods(bean.getClass())) {
			logger.debug("Not instrumenting futures of bean '" + beanName + "': its class "
					+ bean.getClass().getName() + " is final and cannot be proxied");
		}
		return eligible;
	}

	/**
	 * Matches methods declared by an application class to return a
	 * {@link CompletionStage}, or a publisher that the {@link PublisherFutures} support,
	 * and its suspend functions, that are not {@code @Async}, neither on the method nor
	 * on its class, on application classes that can be proxied and are not executors.
	 */
	private static final class FuturePointcut extends StaticMethodMatcherPointcut {

		private final ApplicationPackages packages;

		private final Supplier<Optional<PublisherFutures>> publishers;

		private final Supplier<Optional<SuspendingFunctions>> suspending;

		FuturePointcut(ApplicationPackages packages, Supplier<Optional<PublisherFutures>> publishers,
				Supplier<Optional<SuspendingFunctions>> suspending) {
			this.packages = packages;
			this.publishers = publishers;
			this.suspending = suspending;
			setClassFilter((type) -> !Modifier.isFinal(type.getModifiers()) && isCandidateClass(type));
		}

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return (isFutureType(method.getReturnType()) || isSuspending(method))
					&& isApplicationClass(AopUtils.getMostSpecificMethod(method, targetClass).getDeclaringClass())
					&& !AnnotatedElementUtils.hasAnnotation(method, Async.class)
					&& !AnnotatedElementUtils.hasAnnotation(ClassUtils.getUserClass(targetClass), Async.class)
					&& !AnnotatedElementUtils.hasAnnotation(method.getDeclaringClass(), Async.class);
		}

		private boolean isFutureType(Class<?> returnType) {
			return CompletionStage.class.isAssignableFrom(returnType)
					|| this.publishers.get().map((publishers) -> publishers.supports(returnType)).orElse(false);
		}

		private boolean isSuspending(Method method) {
			return this.suspending.get().map((suspending) -> suspending.isSuspending(method)).orElse(false);
		}

		/**
		 * Whether a class that could not be proxied would have had methods to instrument.
		 */
		boolean hasFutureMethods(Class<?> type) {
			if (isCandidateClass(type)) {
				for (Method method : type.getMethods()) {
					if (matches(method, type)) {
						return true;
					}
				}
			}
			return false;
		}

		private boolean isCandidateClass(Class<?> type) {
			return !Executor.class.isAssignableFrom(type) && isApplicationClass(type);
		}

		private boolean isApplicationClass(Class<?> type) {
			return !UnitNames.isGenerated(type) && this.packages.contains(type);
		}

	}

}
