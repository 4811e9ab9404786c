package io.github.asynctelemetry.observed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's virtual-thread executor and scheduler
 * ({@code spring.threads.virtual.enabled=true}) answer with the starter as without it,
 * their final getters included (DESIGN.md section 8).
 *
 * @author Async Telemetry team
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadExecutorTests {

	private static final String[] PROPERTIES = { "spring.threads.virtual.enabled=true",
			"spring.task.execution.simple.concurrency-limit=3", "spring.task.scheduling.simple.concurrency-limit=2" };

	@Test
	void executorAnswersItsConcurrencyLimitThrottleAndThreadFactoryAsWithoutTheStarter() {
		assertThat(answers("applicationTaskExecutor", SimpleAsyncTaskExecutor.class, true))
			.isEqualTo(answers("applicationTaskExecutor", SimpleAsyncTaskExecutor.class, false))
			.startsWith("concurrencyLimit=3", "throttleActive=true");
	}

	@Test
	void schedulerAnswersItsConcurrencyLimitThrottleAndThreadFactoryAsWithoutTheStarter() {
		assertThat(answers("taskScheduler", SimpleAsyncTaskScheduler.class, true))
			.isEqualTo(answers("taskScheduler", SimpleAsyncTaskScheduler.class, false))
			.startsWith("concurrencyLimit=2", "throttleActive=true");
	}

	/**
	 * Return what a virtual-thread executor of Spring Boot answers to its getters, each
	 * as {@code name=value}, an exception as its class.
	 */
	private static List<String> answers(String beanName, Class<? extends SimpleAsyncTaskExecutor> type,
			boolean withStarter) {
		List<String> answers = new ArrayList<>();
		(withStarter ? ObservedContexts.withStarter() : ObservedContexts.withoutStarter())
			.withPropertyValues(PROPERTIES)
			.withUserConfiguration(SchedulingEnabled.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SimpleAsyncTaskExecutor executor = context.getBean(beanName, type);
				answers.add(answer("concurrencyLimit", executor, SimpleAsyncTaskExecutor::getConcurrencyLimit));
				answers.add(answer("throttleActive", executor, SimpleAsyncTaskExecutor::isThrottleActive));
				answers.add(answer("threadFactory", executor, VirtualThreadExecutorTests::threadFactoryClass));
				answers.add(answer("threadNamePrefix", executor, SimpleAsyncTaskExecutor::getThreadNamePrefix));
				answers.add(answer("active", executor, SimpleAsyncTaskExecutor::isActive));
				answers.add(answer("class", executor, Object::getClass));
				answers.add(answer("virtualThread", executor, VirtualThreadExecutorTests::runsOnAVirtualThread));
			});
		return answers;
	}

	private static String answer(String name, SimpleAsyncTaskExecutor executor,
			Function<SimpleAsyncTaskExecutor, Object> getter) {
		try {
			return name + "=" + getter.apply(executor);
		}
		catch (RuntimeException ex) {
			return name + " threw " + ex.getClass().getName();
		}
	}

	private static Object threadFactoryClass(SimpleAsyncTaskExecutor executor) {
		ThreadFactory factory = executor.getThreadFactory();
		return (factory != null) ? factory.getClass() : null;
	}

	private static Object runsOnAVirtualThread(SimpleAsyncTaskExecutor executor) {
		try {
			// Thread.isVirtual() is JDK 21 API; the tests compile for Java 17
			return executor.submit(() -> Thread.class.getMethod("isVirtual").invoke(Thread.currentThread())).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingEnabled {

	}

}
