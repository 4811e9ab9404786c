package io.github.asynctelemetry.names;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.github.asynctelemetry.testlib.LibraryClient;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UserClasses}: the user class of a method is never a generated class.
 *
 * @author Async Telemetry team
 */
class UserClassesTests {

	private static final MethodInterceptor ANSWER = (invocation) -> CompletableFuture.completedFuture("answer");

	private final UserClasses userClasses = UserClasses
		.of(ApplicationPackages.of(List.of(UserClassesTests.class.getPackageName())));

	private final UserClasses withoutPackages = UserClasses.of(ApplicationPackages.of(List.of()));

	@Test
	void applicationClassBehindAClassBasedProxyIsTheUserClass() {
		ProxyFactory proxyFactory = new ProxyFactory(new QuoteService());
		proxyFactory.setProxyTargetClass(true);
		Object bean = proxyFactory.getProxy();
		assertThat(UnitNames.isGenerated(bean.getClass())).isTrue();
		assertThat(userClassOf(this.userClasses, bean, QuoteService.class, "quote")).isEqualTo(QuoteService.class);
	}

	@Test
	void applicationClassBehindAnInterfaceProxyIsTheUserClass() {
		Object bean = new ProxyFactory(new QuoteService()).getProxy();
		assertThat(Proxy.isProxyClass(bean.getClass())).isTrue();
		assertThat(userClassOf(this.userClasses, bean, Quotes.class, "quote")).isEqualTo(QuoteService.class);
	}

	@Test
	void proxyOfAnApplicationInterfaceAroundALibraryClassIsNamedAfterTheInterface() {
		ProxyFactory repository = new ProxyFactory(new LibraryClient());
		repository.addInterface(Quotes.class);
		repository.addAdvice(ANSWER);
		Object asyncProxy = new ProxyFactory(repository.getProxy()).getProxy();
		assertThat(UserClasses.targetClassOf(asyncProxy)).isEqualTo(LibraryClient.class);
		assertThat(userClassOf(this.userClasses, asyncProxy, Quotes.class, "quote")).isEqualTo(Quotes.class);
	}

	@Test
	void proxyWithoutATargetIsNamedAfterItsInterface() {
		Object bean = targetless(Quotes.class);
		assertThat(userClassOf(this.userClasses, bean, Quotes.class, "quote")).isEqualTo(Quotes.class);
	}

	@Test
	void proxyOfAPackagePrivateInterfaceLiesInTheApplicationPackageButNeverNamesAUnit() {
		Object bean = targetless(HiddenQuotes.class);
		assertThat(bean.getClass().getPackageName()).isEqualTo(UserClassesTests.class.getPackageName());
		assertThat(userClassOf(this.userClasses, bean, HiddenQuotes.class, "quote")).isEqualTo(HiddenQuotes.class);
	}

	@Test
	void lambdaBeanIsNamedAfterItsInterface() {
		Quotes lambda = () -> CompletableFuture.completedFuture("lambda");
		Object bean = new ProxyFactory(lambda).getProxy();
		assertThat(UnitNames.isGenerated(UserClasses.targetClassOf(bean))).isTrue();
		assertThat(userClassOf(this.userClasses, bean, Quotes.class, "quote")).isEqualTo(Quotes.class);
	}

	@Test
	void methodInheritedFromALibraryInterfaceIsNamedAfterTheApplicationInterface() {
		Object bean = targetless(QuoteSupplier.class);
		assertThat(userClassOf(this.userClasses, bean, Supplier.class, "get")).isEqualTo(QuoteSupplier.class);
	}

	@Test
	void methodInheritedFromAnApplicationInterfaceIsNamedAfterTheBeansOwnInterface() {
		Object bean = targetless(DailyQuotes.class);
		assertThat(userClassOf(this.userClasses, bean, Quotes.class, "quote")).isEqualTo(DailyQuotes.class);
	}

	@Test
	void withoutApplicationPackagesTheClassBehindTheProxyIsTheUserClass() {
		Object bean = new ProxyFactory(new QuoteService()).getProxy();
		assertThat(userClassOf(this.withoutPackages, bean, Quotes.class, "quote")).isEqualTo(QuoteService.class);
	}

	@Test
	void withoutApplicationPackagesAProxyWithoutATargetIsNamedAfterTheDeclaringInterface() {
		Object bean = targetless(Quotes.class);
		assertThat(userClassOf(this.withoutPackages, bean, Quotes.class, "quote")).isEqualTo(Quotes.class);
	}

	@Test
	void classesWrittenByHandAreNotGenerated() {
		assertThat(UnitNames.isGenerated(QuoteService.class)).isFalse();
		assertThat(UnitNames.isGenerated(Quotes.class)).isFalse();
		assertThat(UnitNames.isGenerated(Outer.Inner.class)).isFalse();
	}

	private static Class<?> userClassOf(UserClasses userClasses, Object bean, Class<?> declaringClass,
			String methodName) {
		Method method = ReflectionUtils.findMethod(declaringClass, methodName);
		assertThat(method).isNotNull();
		return userClasses.of(UserClasses.targetClassOf(bean), bean.getClass(), method);
	}

	private static Object targetless(Class<?> type) {
		ProxyFactory proxyFactory = new ProxyFactory();
		proxyFactory.addInterface(type);
		proxyFactory.addAdvice(ANSWER);
		return proxyFactory.getProxy(UserClassesTests.class.getClassLoader());
	}

	public interface Quotes {

		CompletableFuture<String> quote();

	}

	public interface DailyQuotes extends Quotes {

	}

	public interface QuoteSupplier extends Supplier<CompletableFuture<String>> {

	}

	interface HiddenQuotes {

		CompletableFuture<String> quote();

	}

	public static class QuoteService implements Quotes {

		@Override
		public CompletableFuture<String> quote() {
			return CompletableFuture.completedFuture("quote");
		}

	}

	static class Outer {

		static class Inner {

		}

	}

}
