package io.github.asynctelemetry.observed;

import java.util.concurrent.TimeUnit;

import com.example.observed.AsyncOrderListener;
import com.example.observed.Greeter;
import com.example.observed.Heartbeat;
import com.example.observed.ObservedApplication;
import com.example.observed.OrderDesk;
import com.example.observed.OrderListener;
import io.github.asynctelemetry.testsupport.UnitCounts;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the starter relies on from Spring to tell units apart and name them, pinned by
 * behaviour so that a Spring release that changes it fails here, on each Spring Boot line
 * that CI builds (issue 18, item 9): a {@code @Scheduled} run is named after its method,
 * an {@code @Async} call is no task, and a task of the event multicaster is named after
 * the application method that published the event.
 *
 * @author Async Telemetry team
 */
class SpringInternalsTests {

	private final ApplicationContextRunner contextRunner = ObservedContexts.withStarter()
		.withUserConfiguration(ObservedApplication.class);

	@Test
	void scheduledRunIsATaskNamedAfterItsClassAndMethod() {
		this.contextRunner.withUserConfiguration(SchedulingConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(Heartbeat.class).getBeats().await(10, TimeUnit.SECONDS)).isTrue();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			ObservedContexts.awaitTaskUnits(registry, 1);
			assertThat(ObservedContexts.taskCounters(registry)).contains("Heartbeat.beat finished=1");
		});
	}

	@Test
	void asyncCallOnBootsExecutorIsAnAsyncMethodUnitAndNoTask() {
		this.contextRunner.withUserConfiguration(AsyncConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			UnitCounts counts = UnitCounts.since(registry);
			context.getBean(Greeter.class).threadName().get(10, TimeUnit.SECONDS);
			counts.awaitCount("async_method", "Greeter.threadName", "finished", 1);
			ObservedContexts.awaitTaskUnits(registry, 0);
			assertThat(counts.names("task")).isEmpty();
		});
	}

	@Test
	void asyncEventListenerCallIsAnAsyncMethodUnitAndNoTask() {
		this.contextRunner.withUserConfiguration(AsyncConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			UnitCounts counts = UnitCounts.since(registry);
			new OrderDesk().place(context, "o-1");
			assertThat(context.getBean(AsyncOrderListener.class).getHeard().await(10, TimeUnit.SECONDS)).isTrue();
			counts.awaitCount("async_method", "AsyncOrderListener.onOrder", "finished", 1);
			ObservedContexts.awaitTaskUnits(registry, 0);
			assertThat(counts.names("task")).isEmpty();
		});
	}

	@Test
	void eventTaskOfTheMulticastersExecutorIsNamedAfterTheMethodThatPublishedTheEvent() {
		this.contextRunner.withUserConfiguration(AsyncEventsConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			UnitCounts counts = UnitCounts.since(registry);
			new OrderDesk().place(context, "o-2");
			assertThat(context.getBean(OrderListener.class).getHeard().await(10, TimeUnit.SECONDS)).isTrue();
			counts.awaitCount("task", "OrderDesk.place", "finished", 1);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingConfiguration {

		@Bean
		Heartbeat heartbeat() {
			return new Heartbeat();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

		@Bean
		AsyncOrderListener asyncOrderListener() {
			return new AsyncOrderListener();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AsyncEventsConfiguration {

		@Bean
		SimpleApplicationEventMulticaster applicationEventMulticaster(
				@Qualifier("applicationTaskExecutor") ThreadPoolTaskExecutor applicationTaskExecutor) {
			SimpleApplicationEventMulticaster multicaster = new SimpleApplicationEventMulticaster();
			multicaster.setTaskExecutor(applicationTaskExecutor);
			return multicaster;
		}

		@Bean
		OrderListener orderListener() {
			return new OrderListener();
		}

	}

}
