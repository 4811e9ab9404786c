package io.github.asynctelemetry.future;

import java.util.concurrent.CompletableFuture;

import io.github.asynctelemetry.future.app.AppTaskExecutor;
import io.github.asynctelemetry.future.app.FinalQuoteService;
import io.github.asynctelemetry.future.app.InheritingQuoteService;
import io.github.asynctelemetry.future.app.LibraryOnlyQuoteService;
import io.github.asynctelemetry.future.app.PriceService;
import io.github.asynctelemetry.future.app.QuoteGateway;
import io.github.asynctelemetry.future.lib.LibraryQuotes;
import io.github.asynctelemetry.lifecycle.UnitLifecycle;
import io.github.asynctelemetry.names.NameSelector;
import io.github.asynctelemetry.names.TraceSelection;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.github.asynctelemetry.unit.UnitType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FutureInstrumentationPostProcessor}: which beans and methods it
 * instruments.
 *
 * @author Async Telemetry team
 */
class FutureInstrumentationPostProcessorTests {

	/**
	 * An advice already on a proxy that hands the caller a future derived from the
	 * method's own.
	 */
	private static final MethodInterceptor DERIVING = (invocation) -> ((CompletableFuture<?>) invocation.proceed())
		.thenApply((value) -> value);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final FutureInstrumentationPostProcessor postProcessor;

	private final AsyncUnitRecorder recorder = new AsyncUnitRecorder(this.registry, new FailureLog());

	FutureInstrumentationPostProcessorTests() {
		this.postProcessor = postProcessor(TraceSelection.NONE);
	}

	private FutureInstrumentationPostProcessor postProcessor(TraceSelection selection) {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		AutoConfigurationPackages.register(beanFactory, PriceService.class.getPackageName());
		beanFactory.registerSingleton("recorder", this.recorder);
		beanFactory.registerSingleton("tracker", new FutureTracker(new UnitLifecycle(this.recorder, UnitTracer.NOOP)));
		beanFactory.registerSingleton("selection", selection);
		FutureInstrumentationPostProcessor postProcessor = new FutureInstrumentationPostProcessor(
				beanFactory.getBeanProvider(AsyncUnitRecorder.class), beanFactory.getBeanProvider(FutureTracker.class),
				beanFactory.getBeanProvider(TraceSelection.class), beanFactory.getBeanProvider(PublisherFutures.class),
				beanFactory.getBeanProvider(SuspendingFunctions.class));
		postProcessor.setBeanFactory(beanFactory);
		postProcessor.setBeanClassLoader(getClass().getClassLoader());
		return postProcessor;
	}

	@BeforeEach
	void clear() {
		this.registry.clear();
	}

	@Test
	void applicationBeanWithItsOwnFutureMethodIsProxied() {
		Object bean = this.postProcessor.postProcessAfterInitialization(new PriceService(), "prices");
		assertThat(AopUtils.isAopProxy(bean)).isTrue();
		((PriceService) bean).quote("tea").complete("1.20");
		assertThat(count("PriceService.quote")).isEqualTo(1);
	}

	@Test
	void futureUnitIsNotTracedWhenFutureTracingIsOff() {
		((PriceService) this.postProcessor.postProcessAfterInitialization(new PriceService(), "prices")).quote("tea")
			.complete("1.20");
		assertThat(this.recorder.sources(this.recorder.unit(UnitType.FUTURE, "PriceService.quote")).containsValue(true)).isFalse();
	}

	@Test
	void futureUnitIsMarkedTracedWhenFutureTracingIsOn() {
		FutureInstrumentationPostProcessor tracing = postProcessor(
				new TraceSelection(NameSelector.none(), NameSelector.none(), true));
		((PriceService) tracing.postProcessAfterInitialization(new PriceService(), "prices")).quote("tea")
			.complete("1.20");
		assertThat(this.recorder.sources(this.recorder.unit(UnitType.FUTURE, "PriceService.quote")).containsValue(true)).isTrue();
	}

	@Test
	void executorInTheApplicationPackagesIsNeverProxied() {
		AppTaskExecutor executor = new AppTaskExecutor();
		assertThat(this.postProcessor.postProcessAfterInitialization(executor, "appExecutor")).isSameAs(executor);
	}

	@Test
	void beanWhoseOnlyFutureMethodIsInheritedFromALibraryIsNotProxied() {
		LibraryOnlyQuoteService service = new LibraryOnlyQuoteService();
		assertThat(this.postProcessor.postProcessAfterInitialization(service, "libraryOnly")).isSameAs(service);
	}

	@Test
	void methodInheritedFromALibraryIsNotAUnit() {
		InheritingQuoteService bean = (InheritingQuoteService) this.postProcessor
			.postProcessAfterInitialization(new InheritingQuoteService(), "inheriting");
		assertThat(AopUtils.isAopProxy(bean)).isTrue();
		assertThat(bean.libraryQuote().join()).isEqualTo("library");
		assertThat(bean.ownQuote().join()).isEqualTo("own");
		assertThat(count("InheritingQuoteService.libraryQuote")).isZero();
		assertThat(count("LibraryQuotes.libraryQuote")).isZero();
		assertThat(count("InheritingQuoteService.ownQuote")).isEqualTo(1);
	}

	@Test
	void beanOutsideTheApplicationPackagesIsNotProxied() {
		LibraryQuotes library = new LibraryQuotes();
		assertThat(this.postProcessor.postProcessAfterInitialization(library, "library")).isSameAs(library);
	}

	@Test
	void finalApplicationClassIsSkipped() {
		FinalQuoteService service = new FinalQuoteService();
		assertThat(this.postProcessor.postProcessAfterInitialization(service, "finalQuotes")).isSameAs(service);
	}

	@Test
	void alreadyProxiedBeanGetsOneAdvisorBeforeTheExistingOnes() {
		ProxyFactory proxyFactory = new ProxyFactory(new PriceService());
		proxyFactory.setProxyTargetClass(true);
		proxyFactory.addAdvice(DERIVING);
		Object proxy = proxyFactory.getProxy();
		PriceService bean = (PriceService) this.postProcessor.postProcessAfterInitialization(proxy, "prices");
		assertThat(bean).isSameAs(proxy);
		assertThat(((Advised) bean).getAdvisors()).hasSize(2);
		assertThat(((Advised) bean).getAdvisors()[0].getAdvice()).isInstanceOf(FutureReturnInterceptor.class);
		CompletableFuture<String> future = bean.quote("tea");
		assertThat(future).isNotSameAs(bean.lastFuture());
		future.cancel(false);
		assertThat(bean.lastFuture()).isNotDone();
		assertThat(count("PriceService.quote", "cancelled")).isEqualTo(1);
	}

	@Test
	void proxyWithoutAnApplicationClassBehindItIsNotInstrumented() {
		ProxyFactory proxyFactory = new ProxyFactory();
		proxyFactory.addInterface(QuoteGateway.class);
		proxyFactory.addAdvice((MethodInterceptor) (invocation) -> CompletableFuture.completedFuture("gateway"));
		Object gateway = proxyFactory.getProxy(getClass().getClassLoader());
		assertThat(this.postProcessor.postProcessAfterInitialization(gateway, "gateway")).isSameAs(gateway);
		assertThat(((Advised) gateway).getAdvisors()).hasSize(1);
	}

	@Test
	void proxyClassIsKnownAheadOfTime() {
		Class<?> proxyClass = this.postProcessor.determineBeanType(PriceService.class, "prices");
		assertThat(proxyClass).isNotEqualTo(PriceService.class);
		assertThat(proxyClass.getName()).contains(ClassUtils.CGLIB_CLASS_SEPARATOR);
		assertThat(proxyClass.getSuperclass()).isEqualTo(PriceService.class);
		Object bean = this.postProcessor.postProcessAfterInitialization(new PriceService(), "prices");
		assertThat(bean.getClass()).isEqualTo(proxyClass);
	}

	@Test
	void beansThatAreNotInstrumentedKeepTheirClassAheadOfTime() {
		assertThat(this.postProcessor.determineBeanType(FinalQuoteService.class, "finalQuotes"))
			.isEqualTo(FinalQuoteService.class);
		assertThat(this.postProcessor.determineBeanType(AppTaskExecutor.class, "appExecutor"))
			.isEqualTo(AppTaskExecutor.class);
		assertThat(this.postProcessor.determineBeanType(LibraryQuotes.class, "library"))
			.isEqualTo(LibraryQuotes.class);
	}

	private double count(String name) {
		return count(name, "finished");
	}

	private double count(String name, String state) {
		Counter counter = this.registry.find("asyncio.process.count")
			.tags("type", "future", "name", name, "state", state)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
