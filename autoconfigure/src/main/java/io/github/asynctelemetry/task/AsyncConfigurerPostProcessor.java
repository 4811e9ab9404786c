package io.github.asynctelemetry.task;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * Makes the {@code getAsyncExecutor()} of every {@link AsyncConfigurer} bean run its body
 * once at most and return that same executor to every caller, so that Spring's
 * {@code @Async} support, which asks it lazily, and the coverage report, which asks it at
 * start-up, get one executor (a configurer often makes a new pool on every call). An
 * executor that is not a bean is returned wrapped, so that its tasks are covered, and is
 * listed in the {@link ExecutorCoverage} with no bean name; a bean is returned as it is.
 * <p>
 * The configurer gets a class-based proxy (an existing proxy gets one more advisor), so
 * that a configurer that is also a {@code @Configuration} class or the application class
 * is still injected as its class; being an
 * {@link AbstractBeanFactoryAwareAdvisingPostProcessor}, it tells Spring AOT the proxy
 * class ahead of time. A configurer of a final class cannot be proxied and is left
 * alone: the coverage then does not say which executor {@code @Async} uses by default.
 * It costs one call per configurer; {@code @Async} calls do not pass through it.
 *
 * @author Async Telemetry team
 */
public class AsyncConfigurerPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private final ExecutorInstrumentationPostProcessor executors;

	/**
	 * Create a post-processor.
	 * @param executors the post-processor that covers executors and lists them
	 */
	public AsyncConfigurerPostProcessor(ExecutorInstrumentationPostProcessor executors) {
		this.executors = executors;
		setProxyTargetClass(true);
		setBeforeExistingAdvisors(true);
		this.advisor = new DefaultPointcutAdvisor(new GetAsyncExecutorPointcut(), new OnceInterceptor());
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Object result = super.postProcessAfterInitialization(bean, beanName);
		if (result != bean || (bean instanceof Advised advised && advised.indexOf(this.advisor) >= 0)) {
			this.executors.getCoverage().onceOnlyConfigurer(beanName);
		}
		return result;
	}

	/**
	 * Return the executor Spring will use, wrapped when it is not a bean.
	 */
	private @Nullable Executor adopt(@Nullable Executor executor) {
		if (executor == null) {
			return null;
		}
		Class<?> type = (executor instanceof AsyncTaskExecutor) ? AsyncTaskExecutor.class
				: (executor instanceof ScheduledExecutorService) ? ScheduledExecutorService.class
						: (executor instanceof ExecutorService) ? ExecutorService.class : Executor.class;
		return (Executor) this.executors.instrumentUnmanaged(executor, type);
	}

	/**
	 * Matches {@code AsyncConfigurer.getAsyncExecutor()}.
	 */
	private static final class GetAsyncExecutorPointcut extends StaticMethodMatcherPointcut {

		GetAsyncExecutorPointcut() {
			setClassFilter(AsyncConfigurer.class::isAssignableFrom);
		}

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return method.getName().equals("getAsyncExecutor") && method.getParameterCount() == 0;
		}

	}

	/**
	 * Runs {@code getAsyncExecutor()} once per configurer and returns its executor, wrapped
	 * when it is not a bean, on every call.
	 */
	private final class OnceInterceptor implements MethodInterceptor {

		private final Map<Object, Result> results = new ConcurrentHashMap<>();

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			Object configurer = invocation.getThis();
			if (configurer == null) {
				return invocation.proceed();
			}
			Result result = this.results.get(configurer);
			if (result == null) {
				synchronized (this) {
					result = this.results.get(configurer);
					if (result == null) {
						result = new Result(adopt((Executor) invocation.proceed()));
						this.results.put(configurer, result);
					}
				}
			}
			return result.executor();
		}

	}

	private record Result(@Nullable Executor executor) {

	}

}
