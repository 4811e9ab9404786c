package io.github.asynctelemetry.method;

import java.util.List;
import java.util.function.Supplier;

import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.future.FutureTracker;
import io.github.asynctelemetry.lifecycle.UnitLifecycle;
import io.github.asynctelemetry.names.ApplicationPackages;
import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.names.UserClasses;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.scheduling.annotation.AsyncAnnotationAdvisor;
import org.springframework.util.function.SingletonSupplier;

/**
 * Instruments the {@code @Async} methods of every bean that Spring's
 * {@code AsyncAnnotationBeanPostProcessor} made asynchronous. Around Spring's own
 * {@link AsyncAnnotationAdvisor} in the bean's proxy it adds an advisor before (which
 * runs on the caller's thread) and one after (which runs on the worker thread), both
 * with Spring's own pointcut, so exactly the methods Spring runs asynchronously are
 * instrumented, whichever executor they name.
 * <p>
 * Units are named after the method's {@linkplain UserClasses user class}: the
 * application class behind the bean's proxies or, for a bean that is a proxy of an
 * interface of the application without such a class (a Spring Data repository, a proxy
 * without a target), that interface; never a proxy class.
 * <p>
 * This post-processor is deliberately not {@code Ordered}, so that it runs after
 * Spring's (ordered) {@code AsyncAnnotationBeanPostProcessor}. Beans whose proxy is
 * frozen are skipped with a debug log; a proxy already instrumented is left alone.
 *
 * @author Async Telemetry team
 */
public class AsyncMethodInstrumentationPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private static final Log logger = LogFactory.getLog(AsyncMethodInstrumentationPostProcessor.class);

	private final Supplier<AsyncMethodTelemetry> telemetry;

	private UserClasses userClasses = UserClasses.of(ApplicationPackages.of(List.of()));

	/**
	 * Create a post-processor. The collaborators are resolved on the first
	 * {@code @Async} call, not before.
	 * @param recorder the recorder of meters
	 * @param tracer the tracer of selected calls, if tracing is available
	 * @param selection which calls and futures get spans
	 * @param futures the tracker of returned futures
	 * @param context the capture of the caller's context
	 */
	public AsyncMethodInstrumentationPostProcessor(ObjectProvider<AsyncUnitRecorder> recorder,
			ObjectProvider<UnitTracer> tracer, ObjectProvider<TraceSelection> selection,
			ObjectProvider<FutureTracker> futures, ObjectProvider<ContextCapture> context) {
		this.telemetry = SingletonSupplier.of(() -> {
			AsyncUnitRecorder unitRecorder = recorder.getObject();
			UnitLifecycle lifecycle = new UnitLifecycle(unitRecorder, tracer.getIfAvailable(() -> UnitTracer.NOOP));
			return new AsyncMethodTelemetry(lifecycle, selection.getObject(), futures.getObject(), context.getObject());
		});
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.userClasses = UserClasses.of(ApplicationPackages.of(beanFactory));
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof Advised advised)) {
			return bean;
		}
		int asyncIndex = -1;
		Advisor[] advisors = advised.getAdvisors();
		for (int i = 0; i < advisors.length; i++) {
			if (advisors[i] instanceof CallAdvisor) {
				return bean;
			}
			if (advisors[i] instanceof AsyncAnnotationAdvisor) {
				asyncIndex = i;
			}
		}
		if (asyncIndex < 0) {
			return bean;
		}
		if (advised.isFrozen()) {
			logger.debug("Not instrumenting @Async methods of bean '" + beanName + "': its proxy is frozen");
			return bean;
		}
		AsyncAnnotationAdvisor asyncAdvisor = (AsyncAnnotationAdvisor) advisors[asyncIndex];
		advised.addAdvisor(asyncIndex + 1,
				new DefaultPointcutAdvisor(asyncAdvisor.getPointcut(), new AsyncBodyInterceptor(this.telemetry)));
		advised.addAdvisor(asyncIndex, new CallAdvisor(asyncAdvisor, new AsyncCallInterceptor(this.userClasses,
				UserClasses.targetClassOf(bean), bean.getClass(), this.telemetry)));
		return bean;
	}

	/**
	 * The advisor on the caller's side, also the mark of an instrumented proxy.
	 */
	private static final class CallAdvisor extends DefaultPointcutAdvisor {

		CallAdvisor(AsyncAnnotationAdvisor asyncAdvisor, AsyncCallInterceptor interceptor) {
			super(asyncAdvisor.getPointcut(), interceptor);
		}

	}

}
