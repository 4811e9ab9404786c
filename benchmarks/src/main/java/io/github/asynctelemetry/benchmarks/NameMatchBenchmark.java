package io.github.asynctelemetry.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.asynctelemetry.names.NameSelector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The names-to-trace decision as asked on every call, with 1 and with 1,000 configured
 * entries ({@code configured1}, {@code configured1000}). The {@code question} parameter
 * asks about a method ({@link NameSelector#selectsMethod(Class, String)}, as for
 * {@code method-names-to-trace}) or a task name ({@link NameSelector#selectsName(String)},
 * as for {@code task-names-to-trace}). The matching entry is the last of the 1,000, after
 * exact names and wildcard patterns that do not match, so that a decision that scanned the
 * entries on each call would show it. The selector caches each decision; the starter
 * caches its outcome once more, per {@code Method} and per task name, so this is an upper
 * bound of the per-call cost.
 *
 * @author Async Telemetry team
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class NameMatchBenchmark {

	private static final String PROPERTY = "otel.instrumentation.async.method-names-to-trace";

	@Benchmark
	public boolean configured1(Selectors selectors) {
		return selectors.ask(selectors.one);
	}

	@Benchmark
	public boolean configured1000(Selectors selectors) {
		return selectors.ask(selectors.thousand);
	}

	/**
	 * A class whose method is asked about.
	 */
	public static class OrderService {

	}

	/**
	 * The two selectors and the question.
	 */
	@State(Scope.Thread)
	public static class Selectors {

		/**
		 * What is asked: a method or a task name.
		 */
		@Param({ "method", "task" })
		public String question;

		NameSelector one;

		NameSelector thousand;

		boolean method;

		Class<?> userClass = OrderService.class;

		String methodName = "placeOrder";

		String taskName = "report-render";

		@Setup(Level.Trial)
		public void setUp() {
			this.method = "method".equals(this.question);
			String match = (this.method) ? "OrderService.placeOrder" : "report-render";
			this.one = NameSelector.of(PROPERTY, List.of(match));
			List<String> entries = new ArrayList<>();
			for (int i = 0; i < 999; i++) {
				entries.add((i % 3 == 0) ? "*Report" + i + "*" : "Service" + i + ".method" + i);
			}
			entries.add(match);
			this.thousand = NameSelector.of(PROPERTY, entries);
			if (!ask(this.one) || !ask(this.thousand)) {
				throw new IllegalStateException("The configured entry does not select " + this.question);
			}
		}

		boolean ask(NameSelector selector) {
			return (this.method) ? selector.selectsMethod(this.userClass, this.methodName)
					: selector.selectsName(this.taskName);
		}

	}

}
