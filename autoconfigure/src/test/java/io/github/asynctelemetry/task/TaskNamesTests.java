package io.github.asynctelemetry.task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import com.example.orders.CatalogSync;
import com.example.orders.OrderService;
import com.example.orders.SlowReport;
import io.github.asynctelemetry.lifecycle.UnitLifecycle;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.names.ApplicationPackages;
import io.github.asynctelemetry.names.NameSelector;
import io.github.asynctelemetry.testlib.LibraryClient;
import io.github.asynctelemetry.tracing.UnitTracer;
import io.github.asynctelemetry.unit.AsyncUnit;
import io.github.asynctelemetry.unit.AsyncUnitRecorder;
import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.samples.petclinic.visits.VisitReminders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TaskNames}.
 */
@ExtendWith(OutputCaptureExtension.class)
class TaskNamesTests {

	private static final String WARNING = "distinct task names were seen";

	private static final ApplicationPackages APPLICATION = ApplicationPackages
		.of(List.of("com.example", "org.springframework.samples.petclinic"));

	private final AsyncUnitRecorder recorder = new AsyncUnitRecorder(new SimpleMeterRegistry(), new FailureLog());

	private final TaskNames names = new TaskNames(new UnitLifecycle(this.recorder, UnitTracer.NOOP), NameSelector.none(), 200,
			APPLICATION);

	/**
	 * An executor that names what it is given, as the instrumented executors do.
	 */
	private final NamingExecutor executor = new NamingExecutor();

	@Test
	void namesPastTheCapShareTheOverflowNameAndOneWarningIsLogged(CapturedOutput output) {
		TaskNames names = new TaskNames(new UnitLifecycle(this.recorder, UnitTracer.NOOP), NameSelector.none(), 2,
				APPLICATION);
		assertThat(names.unit("first").getUnit().getName()).isEqualTo("first");
		assertThat(names.unit("second").getUnit().getName()).isEqualTo("second");
		assertThat(output).doesNotContain(WARNING);
		assertThat(names.unit("third").getUnit().getName()).isEqualTo("other");
		assertThat(names.unit("fourth").getUnit().getName()).isEqualTo("other");
		assertThat(names.unit("first").getUnit().getName()).isEqualTo("first");
		assertThat(output.toString().split(WARNING, -1)).hasSize(2);
		assertThat(output).contains("otel.instrumentation.async.max-task-names");
	}

	@Test
	void knownNameReturnsTheSameUnit() {
		assertThat(this.names.unit("first")).isSameAs(this.names.unit("first"));
	}

	@Test
	void traceDecisionIsTakenPerName() {
		TaskNames names = new TaskNames(
				new UnitLifecycle(new AsyncUnitRecorder(new SimpleMeterRegistry(), new FailureLog()), UnitTracer.NOOP),
				NameSelector.of("otel.instrumentation.async.task-names-to-trace", List.of("report-*", "other")), 1,
				APPLICATION);
		assertThat(names.unit("report-render").isTraced()).isTrue();
		assertThat(names.unit("billing").isTraced()).isTrue();
		assertThat(names.unit("billing").getUnit().getName()).isEqualTo("other");
		assertThat(this.names.unit("report-render").isTraced()).isFalse();
	}

	@Test
	void explicitNameComesFirst() {
		assertThat(name(AsyncTasks.named("report-render", new SlowReport()))).isEqualTo("report-render");
		assertThat(name(AsyncTasks.named("invoice-pdf", () -> "pdf"))).isEqualTo("invoice-pdf");
	}

	@Test
	void applicationTaskClassIsNamedAfterItsSimpleName() {
		assertThat(name(new SlowReport())).isEqualTo("SlowReport");
	}

	@Test
	void lambdaOfTheApplicationIsNamedAfterTheMethodThatSubmittedItOncePerClass() {
		OrderService orders = new OrderService();
		orders.executeAll(this.executor, List.of(() -> {
		}, () -> {
		}));
		assertThat(this.executor.named).containsExactly("OrderService.executeAll", "OrderService.executeAll");
		assertThat(this.executor.units.get(0)).isSameAs(this.executor.units.get(1));
	}

	@Test
	void applicationClassUnderOrgSpringframeworkNamesItsOwnLambda() {
		new VisitReminders().sendReminders(this.executor, () -> {
		});
		assertThat(this.executor.named).containsExactly("VisitReminders.sendReminders");
	}

	@Test
	void libraryFrameNeverNamesATask() {
		new CatalogSync().refresh(this.executor);
		new LibraryClient().fetchLater(this.executor, () -> {
		});
		assertThat(this.executor.named).containsExactly("CatalogSync.refresh", "unnamed");
	}

	@Test
	void taskThatTheJdkWrapsIsNamedAfterTheSubmittingMethod() throws Exception {
		new OrderService().quote(this.executor).join();
		new OrderService().submitReport(this.executor, () -> {
		}).join();
		assertThat(this.executor.named).containsExactly("OrderService.quote", "OrderService.submitReport");
	}

	@Test
	void namingViewOfAnExecutorNamesTasksThatTheJdkWraps() {
		new OrderService().quote(AsyncTasks.named("price-quote", this.executor)).join();
		assertThat(this.executor.named).containsExactly("price-quote");
	}

	@Test
	void scheduledMethodIsNamedFromSpringsDescription() {
		assertThat(SpringTaskShapes.scheduledName("com.example.orders.ReportJob.refresh")).isEqualTo("ReportJob.refresh");
		assertThat(SpringTaskShapes.scheduledName("com.example.Outer$Inner.run")).isEqualTo("Inner.run");
		assertThat(SpringTaskShapes.scheduledName("com.example.ReportJob$$SpringCGLIB$$0.refresh"))
			.isEqualTo("ReportJob.refresh");
		assertThat(SpringTaskShapes.scheduledName("Job.run")).isEqualTo("Job.run");
		assertThat(SpringTaskShapes.scheduledName("com.example.Config$$Lambda/0x0000000801234@5e2de80c")).isNull();
		assertThat(SpringTaskShapes.scheduledName("com.example.Task@1b2c3d")).isNull();
		assertThat(SpringTaskShapes.scheduledName("refresh")).isNull();
	}

	private String name(Object task) {
		UnitSource source = this.names.unitOf(task);
		assertThat(source).isNotNull();
		return source.getUnit().getName();
	}

	private final class NamingExecutor implements Executor {

		private final List<String> named = new ArrayList<>();

		private final List<@Nullable UnitSource> units = new ArrayList<>();

		@Override
		public void execute(Runnable task) {
			UnitSource source = TaskNamesTests.this.names.unitOf(task);
			this.units.add(source);
			this.named.add((source != null) ? source.getUnit().getName() : "none");
			task.run();
		}

	}

}
