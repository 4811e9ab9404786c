package io.github.asynctelemetry.observed;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.example.observed.ObservedApplication;
import com.example.observed.SecuredMailer;
import com.example.observed.SecuredTasks;
import io.github.asynctelemetry.testsupport.UnitCounts;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.task.DelegatingSecurityContextAsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's {@link DelegatingSecurityContextAsyncTaskExecutor} around Spring
 * Boot's pool works with the starter as without it, and each task through it is one
 * unit (DESIGN.md section 8).
 *
 * @author Async Telemetry team
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringSecurityExecutorTests {

	/**
	 * Spring Boot's {@code applicationTaskExecutor} backs off when the application has an
	 * {@code Executor} bean; {@code mode=force} keeps it, as an application that wraps it
	 * does.
	 */
	private final ApplicationContextRunner contextRunner = ObservedContexts.withStarter()
		.withPropertyValues("spring.task.execution.mode=force")
		.withUserConfiguration(ObservedApplication.class, SecuredConfiguration.class);

	@BeforeEach
	void authenticate() {
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new TestingAuthenticationToken("ada", "secret"));
		SecurityContextHolder.setContext(context);
	}

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void executedTaskRunsWithTheCallersSecurityContextAndIsOneTaskNamedAfterTheSubmittingMethod() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			UnitCounts counts = UnitCounts.since(registry);
			AtomicReference<String> seen = new AtomicReference<>();
			CountDownLatch done = new CountDownLatch(1);
			new SecuredTasks().executeAudit(securedExecutor(context), seen, done);
			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(seen).hasValue("ada");
			ObservedContexts.awaitTaskUnits(registry, 1);
			assertThat(counts.count("task", "SecuredTasks.executeAudit", "finished"))
				.as("task units: %s", ObservedContexts.taskCounters(registry))
				.isOne();
			assertThat(ObservedContexts.taskUnits(registry)).as("task units: %s", ObservedContexts.taskCounters(registry))
				.isOne();
		});
	}

	@Test
	void submittedTaskRunsWithTheCallersSecurityContextAndIsOneTaskNamedAfterTheSubmittingMethod() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			UnitCounts counts = UnitCounts.since(registry);
			String seen = new SecuredTasks().submitAudit(securedExecutor(context)).get(10, TimeUnit.SECONDS);
			assertThat(seen).isEqualTo("ada");
			ObservedContexts.awaitTaskUnits(registry, 1);
			assertThat(counts.count("task", "SecuredTasks.submitAudit", "finished"))
				.as("task units: %s", ObservedContexts.taskCounters(registry))
				.isOne();
			assertThat(ObservedContexts.taskUnits(registry)).as("task units: %s", ObservedContexts.taskCounters(registry))
				.isOne();
		});
	}

	@Test
	void asyncMethodOnTheSecuredExecutorSeesTheCallerAndIsOneAsyncMethodUnitAndNoTask() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			UnitCounts counts = UnitCounts.since(registry);
			String seen = context.getBean(SecuredMailer.class).sendAs().get(10, TimeUnit.SECONDS);
			assertThat(seen).isEqualTo("ada");
			counts.awaitCount("async_method", "SecuredMailer.sendAs", "finished", 1);
			ObservedContexts.awaitTaskUnits(registry, 0);
			assertThat(ObservedContexts.taskUnits(registry)).as("task units: %s", ObservedContexts.taskCounters(registry))
				.isZero();
		});
	}

	/**
	 * Spring warns when it makes a class proxy whose final methods it cannot pass on: with
	 * the starter there is no such proxy of the application's executor (STYLE.md
	 * guideline 14).
	 */
	@Test
	void springPrintsNoWarningAboutFinalMethodsOfTheExecutor(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			context.getBean("securedExecutor");
		});
		assertThat(output.getOut()).doesNotContain("CglibAopProxy").doesNotContain("marked as final");
	}

	private static DelegatingSecurityContextAsyncTaskExecutor securedExecutor(ApplicationContext context) {
		return context.getBean("securedExecutor", DelegatingSecurityContextAsyncTaskExecutor.class);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class SecuredConfiguration {

		@Bean
		DelegatingSecurityContextAsyncTaskExecutor securedExecutor(ThreadPoolTaskExecutor applicationTaskExecutor) {
			return new DelegatingSecurityContextAsyncTaskExecutor(applicationTaskExecutor);
		}

		@Bean
		SecuredMailer securedMailer() {
			return new SecuredMailer();
		}

	}

}
