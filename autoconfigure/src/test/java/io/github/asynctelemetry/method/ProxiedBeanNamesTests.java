package io.github.asynctelemetry.method;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.asynctelemetry.method.app.Customer;
import io.github.asynctelemetry.method.app.CustomerRepository;
import io.github.asynctelemetry.method.app.Greeter;
import io.github.asynctelemetry.method.app.ProxiedBeansApplication;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the names of the units of {@code @Async} methods called on beans that are
 * proxies of an interface of the application, without a class of the application
 * behind them: a Spring Data repository and a proxy without a target. Their units are
 * named after the interface, never after a proxy class.
 *
 * @author Async Telemetry team
 */
@SpringBootTest(classes = ProxiedBeansApplication.class,
		properties = {
				"otel.instrumentation.async.method-names-to-trace=CustomerRepository.findByCity,"
						+ "io.github.asynctelemetry.method.app.Greeter.greet",
				"management.tracing.sampling.probability=1.0", "management.otlp.metrics.export.enabled=false" })
class ProxiedBeanNamesTests {

	@Autowired
	private CustomerRepository customers;

	@Autowired
	private Greeter greeter;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private AsyncUnitRecorder recorder;

	@Autowired
	private InMemorySpanExporter spans;

	private final Map<String, Long> baseline = new HashMap<>();

	@BeforeEach
	void reset() {
		this.spans.reset();
		this.registry.find("asyncio.process.count")
			.counters()
			.forEach((counter) -> this.baseline.put(counter.getId().toString(), (long) counter.count()));
	}

	@Test
	void beansAreProxiesWithoutAnApplicationClassBehindThem() {
		assertThat(AopUtils.isJdkDynamicProxy(this.customers)).isTrue();
		assertThat(AopUtils.isJdkDynamicProxy(this.greeter)).isTrue();
	}

	@Test
	void asyncQueryMethodOfASpringDataRepositoryIsNamedAfterTheRepositoryInterface() {
		this.customers.save(new Customer("ada", "Paris"));
		List<Customer> found = this.customers.findByCity("Paris").join();
		assertThat(found).extracting(Customer::getId).containsExactly("ada");
		awaitCount("async_method", "CustomerRepository.findByCity", 1);
		awaitCount("future", "CustomerRepository.findByCity", 1);
	}

	@Test
	void asyncMethodOfAProxyWithoutATargetIsNamedAfterItsInterface() {
		assertThat(this.greeter.greet("ada").join()).isEqualTo("hello ada");
		awaitCount("async_method", "Greeter.greet", 1);
		awaitCount("future", "Greeter.greet", 1);
	}

	@Test
	void namesToTraceSelectTheMethodsOfProxiesByTheirInterface() {
		this.customers.findByCity("Oslo").join();
		this.greeter.greet("grace").join();
		awaitCount("async_method", "CustomerRepository.findByCity", 1);
		awaitCount("async_method", "Greeter.greet", 1);
		assertThat(this.spans.getFinishedSpanItems()).extracting(SpanData::getName)
			.contains("async CustomerRepository.findByCity", "async Greeter.greet");
	}

	@Test
	void noUnitIsEverNamedAfterAProxyClass() {
		this.customers.findByCity("Rome").join();
		this.greeter.greet("linus").join();
		awaitCount("async_method", "Greeter.greet", 1);
		assertThat(this.recorder.seen()).extracting(AsyncUnit::getName)
			.isNotEmpty()
			.noneMatch(ProxiedBeanNamesTests::isProxyName);
		assertThat(this.registry.getMeters()).extracting(Meter::getId)
			.filteredOn((id) -> id.getName().startsWith("asyncio."))
			.isNotEmpty()
			.allSatisfy((id) -> assertThat(id.getTag("name")).isNotNull().matches((name) -> !isProxyName(name)));
	}

	private static boolean isProxyName(String name) {
		return name.contains("$Proxy") || name.contains("$$");
	}

	private long count(String type, String name) {
		Counter counter = this.registry.find("asyncio.process.count")
			.tags("type", type, "name", name, "state", "finished")
			.counter();
		return (counter != null)
				? (long) counter.count() - this.baseline.getOrDefault(counter.getId().toString(), 0L) : 0;
	}

	private void awaitCount(String type, String name, long expected) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (count(type, name) < expected && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(count(type, name)).as("%s %s among %s", type, name, names(type)).isEqualTo(expected);
	}

	private List<String> names(String type) {
		return this.registry.find("asyncio.process.count")
			.tag("type", type)
			.counters()
			.stream()
			.map((counter) -> counter.getId().getTag("name"))
			.distinct()
			.toList();
	}

}
