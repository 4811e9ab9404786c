package io.github.asynctelemetry.method;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.asynctelemetry.method.app.Customer;
import io.github.asynctelemetry.method.app.CustomerRepository;
import io.github.asynctelemetry.method.app.Greeter;
import io.github.asynctelemetry.method.app.ProxiedBeansApplication;
import io.github.asynctelemetry.testsupport.UnitCounts;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
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

	private UnitCounts counts;

	@BeforeEach
	void reset() {
		this.spans.reset();
		this.counts = UnitCounts.since(this.registry);
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
		this.counts.awaitCount("async_method", "CustomerRepository.findByCity", "finished", 1);
		this.counts.awaitCount("future", "CustomerRepository.findByCity", "finished", 1);
	}

	@Test
	void asyncMethodOfAProxyWithoutATargetIsNamedAfterItsInterface() {
		assertThat(this.greeter.greet("ada").join()).isEqualTo("hello ada");
		this.counts.awaitCount("async_method", "Greeter.greet", "finished", 1);
		this.counts.awaitCount("future", "Greeter.greet", "finished", 1);
	}

	@Test
	void namesToTraceSelectTheMethodsOfProxiesByTheirInterface() {
		this.customers.findByCity("Oslo").join();
		this.greeter.greet("grace").join();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (spanNames().size() < 2 && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(spanNames()).containsExactlyInAnyOrder("async CustomerRepository.findByCity",
				"async Greeter.greet");
	}

	private List<String> spanNames() {
		return this.spans.getFinishedSpanItems()
			.stream()
			.map(SpanData::getName)
			.filter((name) -> name.startsWith("async "))
			.toList();
	}

	@Test
	void noUnitIsEverNamedAfterAProxyClass() {
		this.customers.findByCity("Rome").join();
		this.greeter.greet("linus").join();
		this.counts.awaitCount("async_method", "Greeter.greet", "finished", 1);
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

}
