package io.github.asynctelemetry.autoconfigure;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint.AsyncTelemetryDescriptor;
import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint.ConfigurationDescriptor;
import io.github.asynctelemetry.actuate.AsyncTelemetryEndpoint.UnitDescriptor;
import io.github.asynctelemetry.lifecycle.UnitObservation;
import io.github.asynctelemetry.task.ExecutorCoverage;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.ClassUtils;

/**
 * The {@link RuntimeHints} of the starter for native images, registered in
 * {@code META-INF/spring/aot.factories}: everything the starter reflects on at run time.
 * <ul>
 * <li>The answer of the {@code asyncio} endpoint, which Jackson serializes: binding
 * hints for {@link AsyncTelemetryDescriptor}, {@link ConfigurationDescriptor} and
 * {@link UnitDescriptor}, when the actuator is on the class path.</li>
 * <li>The fields that the instrumentation updates through an
 * {@code AtomicIntegerFieldUpdater}, which looks them up reflectively: the claim of an
 * {@code @Async} call and the outcome of a unit's observation.</li>
 * <li>The JDK proxies of plain pool beans declared as {@code ExecutorService} or
 * {@code ScheduledExecutorService}, which the task instrumentation creates at run
 * time, and the {@code TaskScheduler} view of the scheduler of {@code @Scheduled}
 * methods that the scheduling registrar is given.</li>
 * </ul>
 * Class-based proxies need no hint of their own: the future instrumentation is an
 * {@code AbstractBeanFactoryAwareAdvisingPostProcessor}, whose
 * {@code determineBeanType} makes Spring AOT generate each bean's proxy class at build
 * time, and the {@code @Async} instrumentation only adds advisors to the proxies that
 * Spring's {@code @Async} support makes (also generated at build time). Configuration
 * properties, auto-configurations and the failure analyzer listed in
 * {@code spring.factories} are covered by Spring Boot and Spring Framework themselves.
 *
 * @author Async Telemetry team
 */
final class AsyncTelemetryRuntimeHints implements RuntimeHintsRegistrar {

	static final TypeReference ASYNC_CALL = TypeReference.of("io.github.asynctelemetry.method.AsyncCall");

	static final String ASYNC_CALL_CLAIMED_FIELD = "claimed";

	static final Class<?> UNIT_OBSERVATION = UnitObservation.class;

	static final String UNIT_OBSERVATION_STATE_FIELD = "state";

	/**
	 * The interfaces that JDK pool beans are declared as, and proxied as.
	 */
	static final Class<?>[] JDK_POOL_INTERFACES = { ExecutorService.class, ScheduledExecutorService.class };

	/**
	 * The interface of the view of the scheduler of {@code @Scheduled} methods.
	 */
	static final Class<?> SCHEDULER_VIEW_INTERFACE = TaskScheduler.class;

	private static final String ENDPOINT_CLASS = "org.springframework.boot.actuate.endpoint.annotation.Endpoint";

	private final BindingReflectionHintsRegistrar bindingRegistrar = new BindingReflectionHintsRegistrar();

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection().registerType(ASYNC_CALL, (type) -> type.withField(ASYNC_CALL_CLAIMED_FIELD));
		hints.reflection().registerType(UNIT_OBSERVATION, (type) -> type.withField(UNIT_OBSERVATION_STATE_FIELD));
		for (Class<?> pool : JDK_POOL_INTERFACES) {
			hints.proxies().registerJdkProxy(AopProxyUtils.completeJdkProxyInterfaces(pool));
		}
		hints.proxies().registerJdkProxy(AopProxyUtils.completeJdkProxyInterfaces(SCHEDULER_VIEW_INTERFACE));
		if (ClassUtils.isPresent(ENDPOINT_CLASS, classLoader)) {
			this.bindingRegistrar.registerReflectionHints(hints.reflection(), AsyncTelemetryDescriptor.class,
					ConfigurationDescriptor.class, UnitDescriptor.class, ExecutorCoverage.Entry.class);
		}
	}

}
