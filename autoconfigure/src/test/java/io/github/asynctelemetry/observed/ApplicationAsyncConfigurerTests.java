package io.github.asynctelemetry.observed;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import com.example.observed.Greeter;
import com.example.observed.ObservedApplication;
import io.github.asynctelemetry.testsupport.UnitCounts;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's {@link AsyncConfigurer} stays the application's own with the
 * starter: it is of its own class and returns the executor it built (DESIGN.md section
 * 8), and {@code @Async} calls on that executor are still {@code async_method} units.
 *
 * @author Async Telemetry team
 */
class ApplicationAsyncConfigurerTests {

	@Test
	void configurerReturnsTheExecutorItBuilt() {
		MyAsyncConfigurer configurer = new MyAsyncConfigurer();
		application(ObservedContexts.withStarter(), configurer).run((context) -> {
			assertThat(context).hasNotFailed();
			Executor returned = context.getBean("myAsyncConfigurer", AsyncConfigurer.class).getAsyncExecutor();
			assertThat(returned).as("getAsyncExecutor() returned a %s", (returned != null) ? returned.getClass() : null)
				.isSameAs(configurer.myExecutor);
			assertThat(configurer.getAsyncExecutor()).isSameAs(configurer.myExecutor);
		});
	}

	/**
	 * Spring Boot itself wraps an application's configurer (so that a configurer that
	 * returns no executor gets {@code applicationTaskExecutor}); with the starter the bean
	 * is what it is without it.
	 */
	@Test
	void configurerBeanIsOfTheClassItHasWithoutTheStarter() {
		application(ObservedContexts.withoutStarter(), new MyAsyncConfigurer()).run((without) -> {
			Class<?> expected = without.getBean("myAsyncConfigurer").getClass();
			application(ObservedContexts.withStarter(), new MyAsyncConfigurer()).run((with) -> {
				assertThat(with).hasNotFailed();
				assertThat(with.getBean("myAsyncConfigurer").getClass()).isEqualTo(expected);
			});
		});
	}

	/**
	 * Without Spring Boot's {@code applicationTaskExecutor} (the application has an
	 * executor bean of its own) Spring Boot leaves the configurer as it is, and so does
	 * the starter.
	 */
	@Test
	void configurerBeanIsOfItsOwnClassWhenSpringBootDoesNotWrapIt() {
		MyAsyncConfigurer configurer = new MyAsyncConfigurer();
		application(ObservedContexts.withStarter(), configurer)
			.withBean("reportExecutor", ThreadPoolTaskExecutor.class, ThreadPoolTaskExecutor::new)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean("applicationTaskExecutor");
				Object bean = context.getBean("myAsyncConfigurer");
				assertThat(bean).as("the bean, of %s", bean.getClass()).isSameAs(configurer);
			});
	}

	@Test
	void asyncCallsOnTheConfigurersExecutorAreAsyncMethodUnits() {
		application(ObservedContexts.withStarter(), new MyAsyncConfigurer()).run((context) -> {
			assertThat(context).hasNotFailed();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			UnitCounts counts = UnitCounts.since(registry);
			assertThat(context.getBean(Greeter.class).threadName().get(10, TimeUnit.SECONDS)).startsWith("mine-");
			counts.awaitCount("async_method", "Greeter.threadName", "finished", 1);
			ObservedContexts.awaitTaskUnits(registry, 0);
			assertThat(counts.names("task")).isEmpty();
		});
	}

	private static ApplicationContextRunner application(ApplicationContextRunner runner,
			MyAsyncConfigurer configurer) {
		return runner.withUserConfiguration(ObservedApplication.class, AsyncConfiguration.class)
			.withBean("myAsyncConfigurer", AsyncConfigurer.class, () -> configurer);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

	}

	static class MyAsyncConfigurer implements AsyncConfigurer, DisposableBean {

		final ThreadPoolTaskExecutor myExecutor;

		MyAsyncConfigurer() {
			this.myExecutor = new ThreadPoolTaskExecutor();
			this.myExecutor.setCorePoolSize(1);
			this.myExecutor.setThreadNamePrefix("mine-");
			this.myExecutor.initialize();
		}

		@Override
		public Executor getAsyncExecutor() {
			return this.myExecutor;
		}

		@Override
		public void destroy() {
			this.myExecutor.shutdown();
		}

	}

}
