package io.github.asynctelemetry.task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ClassFilter;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.config.TaskSchedulerRouter;
import org.springframework.util.function.SingletonSupplier;

/**
 * Wraps, in an interface proxy, the executors whose tasks the starter can only see at
 * submission, and never anything else:
 * <ul>
 * <li>a plain JDK pool bean ({@link ExecutorService}, {@code ScheduledExecutorService},
 * {@code Executors.newVirtualThreadPerTaskExecutor()}, Micrometer's
 * {@code ContextExecutorService}) declared as one of those interfaces: the proxy
 * implements exactly the declared interface, so that the bean is injected as before, and
 * every call reaches the pool; when the pool is neither a {@code ThreadPoolExecutor} nor
 * a {@code ForkJoinPool}, which tell their load themselves, the proxy also counts the
 * tasks it hands to the pool while they run ({@link TaskCount});</li>
 * <li>the scheduler of Spring's scheduling registrar ({@link #configureScheduler}), as a
 * {@link TaskScheduler} view that only the registrar uses: the scheduler bean itself is
 * not changed.</li>
 * </ul>
 * Spring's executors and schedulers ({@link TaskExecutor}, {@link TaskScheduler}) are
 * never proxied: those that Spring Boot builds get the starter's
 * {@link AsyncTelemetryTaskDecorator}; the others are left as they are and listed, with
 * what to do, in the {@link ExecutorCoverage}. A JDK pool declared as its class
 * ({@code ThreadPoolExecutor}) could be injected as that class, which a proxy cannot be,
 * so it is left alone too.
 * <p>
 * Being an {@link AbstractBeanFactoryAwareAdvisingPostProcessor}, it tells Spring AOT the
 * proxy of each bean ahead of time.
 *
 * @author Async Telemetry team
 */
public class ExecutorInstrumentationPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private static final Log logger = LogFactory.getLog(ExecutorInstrumentationPostProcessor.class);

	private final ObjectProvider<ExecutorCoverage> coverage;

	/**
	 * Wraps the view of the registrar's scheduler, of any class.
	 */
	private final DefaultPointcutAdvisor viewAdvisor;

	/**
	 * Matches the submission methods, for the counting advisor of a pool.
	 */
	private final TaskSubmissionInterceptor.SubmissionPointcut submissions = new TaskSubmissionInterceptor.SubmissionPointcut();

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	/**
	 * Create a post-processor.
	 * @param instrumentation the instrumentation of tasks, resolved when the first task is
	 * submitted
	 * @param coverage the coverage of the application's executors, told what is wrapped
	 */
	public ExecutorInstrumentationPostProcessor(ObjectProvider<TaskInstrumentation> instrumentation,
			ObjectProvider<ExecutorCoverage> coverage) {
		this.coverage = coverage;
		setBeforeExistingAdvisors(true);
		TaskSubmissionInterceptor interceptor = new TaskSubmissionInterceptor(
				SingletonSupplier.of(instrumentation::getObject));
		this.advisor = new DefaultPointcutAdvisor(
				new ComposablePointcut(ExecutorInstrumentationPostProcessor::isPoolInterface, this.submissions),
				interceptor);
		this.viewAdvisor = new DefaultPointcutAdvisor(new ComposablePointcut(ClassFilter.TRUE, this.submissions),
				interceptor);
	}

	/**
	 * Whether a class is the interface of a JDK pool bean, which is what the proxy of
	 * such a bean stands for (and what Spring AOT passes as the bean's class).
	 */
	private static boolean isPoolInterface(Class<?> type) {
		return type.isInterface() && ExecutorService.class.isAssignableFrom(type);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		this.beanFactory = (beanFactory instanceof ConfigurableListableBeanFactory listable) ? listable : null;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ThreadPoolTaskExecutor pool) {
			recordRejections(pool, beanName);
			return bean;
		}
		Object result = super.postProcessAfterInitialization(bean, beanName);
		if (result != bean) {
			this.coverage.getObject().wrapped(result, bean);
		}
		return result;
	}

	/**
	 * Count the tasks that the pool of a {@code ThreadPoolTaskExecutor} refuses, when
	 * Spring Boot's builder built it with the starter's decorator
	 * ({@link RejectionRecorder}).
	 */
	private void recordRejections(ThreadPoolTaskExecutor executor, String beanName) {
		try {
			if (this.coverage.getObject().isBuilt(executor)) {
				RejectionRecorder.install(executor.getThreadPoolExecutor());
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Not counting the tasks that executor '" + beanName + "' refuses", ex);
		}
	}

	/**
	 * Cover and note the scheduler of Spring's scheduling registrar, once every other
	 * {@code SchedulingConfigurer} has configured it: the registrar gets a
	 * {@link TaskScheduler} view of its scheduler (a bean, one that a configurer made, or
	 * Spring's router that picks a scheduler bean per task) that wraps each scheduled
	 * task, so that {@code @Scheduled} runs are named after their method; the scheduler
	 * itself is not changed. The scheduler is noted as used for {@code @Scheduled} when
	 * the registrar has tasks.
	 * @param registrar the registrar of the scheduled tasks
	 */
	void configureScheduler(ScheduledTaskRegistrar registrar) {
		ExecutorCoverage coverage = this.coverage.getObject();
		try {
			TaskScheduler scheduler = registrar.getScheduler();
			if (scheduler != null) {
				boolean router = scheduler instanceof TaskSchedulerRouter;
				if (registrar.hasTasks()) {
					Object used = (router && this.beanFactory != null) ? SchedulerLookup.find(this.beanFactory)
							: scheduler;
					if (used != null) {
						coverage.usedFor(used, ExecutorCoverage.SCHEDULED);
					}
				}
				registrar.setScheduler(view(scheduler, !router));
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not cover the scheduler of @Scheduled methods", ex);
		}
		finally {
			coverage.schedulingConfigured();
		}
	}

	private Object view(TaskScheduler scheduler, boolean list) {
		ProxyFactory proxyFactory = new ProxyFactory(scheduler);
		proxyFactory.setInterfaces(TaskScheduler.class);
		proxyFactory.addAdvisor(this.viewAdvisor);
		Object view = proxyFactory.getProxy(getProxyClassLoader());
		if (list) {
			this.coverage.getObject().scheduler(scheduler, view);
		}
		return view;
	}

	/**
	 * Whether a bean gets an interface proxy: a JDK pool, not one of Spring's executors,
	 * declared as an {@code ExecutorService} interface.
	 */
	@Override
	protected boolean isEligible(Object bean, String beanName) {
		return bean instanceof ExecutorService && !(bean instanceof TaskExecutor) && !(bean instanceof TaskScheduler)
				&& declaredInterface(beanName) != null;
	}

	@Override
	protected ProxyFactory prepareProxyFactory(Object bean, String beanName) {
		ProxyFactory proxyFactory = super.prepareProxyFactory(bean, beanName);
		Class<?> declared = declaredInterface(beanName);
		proxyFactory.setProxyTargetClass(false);
		if (declared != null) {
			proxyFactory.setInterfaces(declared);
		}
		return proxyFactory;
	}

	/**
	 * Use an interface proxy of a JDK pool's declared interface (AOT passes that
	 * interface as the target class).
	 */
	@Override
	protected void customizeProxyFactory(ProxyFactory proxyFactory) {
		Class<?> target = proxyFactory.getTargetClass();
		if (target != null && target.isInterface()) {
			proxyFactory.setProxyTargetClass(false);
			proxyFactory.setInterfaces(target);
		}
		countTasks(proxyFactory);
	}

	/**
	 * Count the running tasks of a pool that keeps no count the starter can read
	 * ({@link TaskCount}): the proxy gets a {@link TaskCountingInterceptor} behind the
	 * submission interceptor. A {@code ThreadPoolExecutor} or {@code ForkJoinPool} tells
	 * its load itself and is not counted.
	 */
	private void countTasks(ProxyFactory proxyFactory) {
		try {
			Object pool = proxyFactory.getTargetSource().getTarget();
			if (pool instanceof ExecutorService && !(pool instanceof ThreadPoolExecutor)
					&& !(pool instanceof ForkJoinPool)) {
				TaskCount count = new TaskCount();
				proxyFactory.addAdvisor(new DefaultPointcutAdvisor(
						new ComposablePointcut(ClassFilter.TRUE, this.submissions), new TaskCountingInterceptor(count)));
				this.coverage.getObject().counted(pool, count);
			}
		}
		catch (Exception ex) {
			logger.debug("Not counting the running tasks of " + proxyFactory.getTargetClass(), ex);
		}
	}

	/**
	 * Return the type a bean is declared as (its factory method's return type) when that
	 * is an {@code ExecutorService} interface, or {@code null}.
	 */
	private @Nullable Class<?> declaredInterface(String beanName) {
		if (this.beanFactory == null || !this.beanFactory.containsBeanDefinition(beanName)) {
			return null;
		}
		Class<?> declared = this.beanFactory.getMergedBeanDefinition(beanName).getResolvableType().resolve();
		return (declared != null && declared.isInterface() && ExecutorService.class.isAssignableFrom(declared))
				? declared : null;
	}

}
