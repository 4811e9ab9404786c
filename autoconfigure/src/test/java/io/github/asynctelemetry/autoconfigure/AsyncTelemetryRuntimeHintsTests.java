package io.github.asynctelemetry.autoconfigure;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint.AsyncTelemetryDescriptor;
import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint.ConfigurationDescriptor;
import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint.UnitDescriptor;
import io.github.asynctelemetry.task.ExecutorCoverage;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.AopProxyUtils;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.scheduling.TaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncTelemetryRuntimeHints}.
 *
 * @author Async Telemetry team
 */
class AsyncTelemetryRuntimeHintsTests {

	private final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	@Test
	void endpointDescriptorsHaveBindingHints() {
		RuntimeHints hints = registerHints(getClass().getClassLoader());
		for (Class<?> type : new Class<?>[] { AsyncTelemetryDescriptor.class, ConfigurationDescriptor.class,
				UnitDescriptor.class }) {
			assertThat(this.reflection.onType(type)).accepts(hints);
		}
		assertThat(this.reflection.onMethodInvocation(AsyncTelemetryDescriptor.class, "units")).accepts(hints);
		assertThat(this.reflection.onMethodInvocation(AsyncTelemetryDescriptor.class, "instrumentationFailed"))
			.accepts(hints);
		assertThat(this.reflection.onMethodInvocation(ConfigurationDescriptor.class, "methodNamesToTrace"))
			.accepts(hints);
		assertThat(this.reflection.onMethodInvocation(UnitDescriptor.class, "spanName")).accepts(hints);
		assertThat(this.reflection.onMethodInvocation(UnitDescriptor.class, "states")).accepts(hints);
	}

	@Test
	void endpointDescriptorsHaveNoHintsWithoutTheActuator() {
		RuntimeHints hints = registerHints(new FilteredClassLoader(Endpoint.class));
		assertThat(this.reflection.onType(AsyncTelemetryDescriptor.class)).rejects(hints);
		assertThat(this.reflection.onType(UnitDescriptor.class)).rejects(hints);
	}

	@Test
	void fieldUpdatedThroughAFieldUpdaterIsDeclared() throws ClassNotFoundException {
		RuntimeHints hints = registerHints(getClass().getClassLoader());
		assertThat(this.reflection.onFieldAccess(AsyncTelemetryRuntimeHints.ASYNC_CALL.getName(),
				AsyncTelemetryRuntimeHints.ASYNC_CALL_CLAIMED_FIELD))
			.accepts(hints);
		assertThat(this.reflection.onFieldAccess(AsyncTelemetryRuntimeHints.UNIT_OBSERVATION.getName(),
				AsyncTelemetryRuntimeHints.UNIT_OBSERVATION_STATE_FIELD))
			.accepts(hints);
	}

	@Test
	void interfaceProxiesOfJdkPoolBeansAreDeclared() {
		RuntimeHints hints = registerHints(getClass().getClassLoader());
		for (Class<?> pool : AsyncTelemetryRuntimeHints.JDK_POOL_INTERFACES) {
			assertThat(RuntimeHintsPredicates.proxies()
				.forInterfaces(AopProxyUtils.completeJdkProxyInterfaces(pool))).accepts(hints);
		}
		assertThat(this.reflection.onType(ExecutorCoverage.Entry.class)).accepts(hints);
		assertThat(this.reflection.onMethodInvocation(ExecutorCoverage.Entry.class, "usedFor")).accepts(hints);
	}

	@Test
	void interfaceProxiesOfThePoolBeansAndOfTheSchedulersViewAreDeclared() {
		RuntimeHints hints = registerHints(getClass().getClassLoader());
		for (Class<?> executor : new Class<?>[] { TaskScheduler.class, ExecutorService.class,
				ScheduledExecutorService.class }) {
			assertThat(RuntimeHintsPredicates.proxies()
				.forInterfaces(AopProxyUtils.completeJdkProxyInterfaces(executor))).accepts(hints);
		}
	}

	@Test
	void registrarIsListedInAotFactories() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(AsyncTelemetryRuntimeHints.class);
	}

	private static RuntimeHints registerHints(ClassLoader classLoader) {
		RuntimeHints hints = new RuntimeHints();
		new AsyncTelemetryRuntimeHints().registerHints(hints, classLoader);
		return hints;
	}

}
