package io.github.asynctelemetry.benchmarks;

import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Runs every benchmark variant a few times outside JMH, so that the build proves that
 * each variant starts, returns what the work returns, and makes the telemetry it claims
 * to measure (each variant checks that when it is torn down, and fails otherwise). No
 * timing is measured or asserted here. {@code agentPool} needs the OpenTelemetry Java
 * agent attached to its JVM: here it only proves that it refuses to start without it, and
 * {@link AgentPoolBenchmarkIT} runs it with the agent.
 *
 * @author Async Telemetry team
 */
class BenchmarkVariantsTests {

	private static final int CALLS = 3;

	@Test
	void asyncMethodVariantsMakeTheTelemetryTheyClaim() {
		AsyncMethodBenchmark benchmark = new AsyncMethodBenchmark();
		exercise(new AsyncMethodBenchmark.BareSync(), benchmark::bareSync, 2);
		exercise(new AsyncMethodBenchmark.UntracedSync(), benchmark::untracedSync, 2);
		exercise(new AsyncMethodBenchmark.TracedSync(), benchmark::tracedSync, 2);
		exercise(new AsyncMethodBenchmark.TimedAspectSync(), benchmark::timedAspectSync, 2);
		exercise(new AsyncMethodBenchmark.ObservedAspectSync(), benchmark::observedAspectSync, 2);
		exercise(new AsyncMethodBenchmark.BarePool(), benchmark::barePool, 2);
		exercise(new AsyncMethodBenchmark.UntracedPool(), benchmark::untracedPool, 2);
		exercise(new AsyncMethodBenchmark.TracedPool(), benchmark::tracedPool, 2);
	}

	@Test
	void asyncMethodVariantFailsWhenItDoesNotMakeTheTelemetryItClaims() {
		AsyncMethodBenchmark.UntracedSync state = new AsyncMethodBenchmark.UntracedSync();
		state.setUp();
		assertThatIllegalStateException().isThrownBy(state::tearDown).withMessageContaining("async_method units");
	}

	@Test
	void agentVariantRefusesToStartWithoutTheAgent() {
		assertThatIllegalStateException().isThrownBy(new AsyncMethodBenchmark.AgentPool()::setUp)
			.withMessageContaining("-javaagent:" + AsyncMethodBenchmark.AGENT_JAR)
			.withMessageContaining("no such argument");
	}

	@Test
	void taskVariantsMakeTheTelemetryTheyClaim() {
		TaskBenchmark benchmark = new TaskBenchmark();
		for (String naming : new String[] { "taskClass", "submitter", "supplyAsync" }) {
			exercise(task(new TaskBenchmark.Bare(), naming), benchmark::bare);
			exercise(task(new TaskBenchmark.ContextPropagating(), naming), benchmark::contextPropagatingDecorator);
			exercise(task(new TaskBenchmark.Untraced(), naming), benchmark::untraced);
			exercise(task(new TaskBenchmark.Traced(), naming), benchmark::traced);
			exercise(task(new TaskBenchmark.UntracedWithContextPropagating(), naming),
					benchmark::untracedWithContextPropagatingDecorator);
			exercise(task(new TaskBenchmark.UntracedDelegating(), naming), benchmark::untracedThroughADelegatingExecutor);
		}
	}

	@Test
	void contendedVariantsMakeTheTelemetryTheyClaim() throws InterruptedException {
		ContendedBenchmark benchmark = new ContendedBenchmark();
		int sum = ContendedBenchmark.BATCH * (ContendedBenchmark.BATCH + 1) / 2;
		for (String variant : new String[] { "bare", "contextPropagatingDecorator", "untraced" }) {
			ContendedBenchmark.Application application = contended(variant);
			ContendedBenchmark.Submitter submitter = new ContendedBenchmark.Submitter();
			submitter.setUp(application);
			try {
				for (int i = 0; i < CALLS; i++) {
					benchmark.tasks(application, submitter);
					assertThat(benchmark.asyncCalls(application, submitter)).isEqualTo(sum);
				}
				application.tearDown();
			}
			finally {
				submitter.tearDown();
			}
		}
	}

	@Test
	void contendedVariantFailsWhenItsPoolDoesNotPropagateTheContextItClaims() throws InterruptedException {
		ContendedBenchmark.Application application = contended("bare");
		ContendedBenchmark.Submitter submitter = new ContendedBenchmark.Submitter();
		submitter.setUp(application);
		try {
			new ContendedBenchmark().tasks(application, submitter);
			application.variant = "contextPropagatingDecorator";
			assertThatIllegalStateException().isThrownBy(application::tearDown)
				.withMessageContaining("the observation current in a task on the pool");
		}
		finally {
			submitter.tearDown();
		}
	}

	@Test
	void monoVariantsMakeTheTelemetryTheyClaim() {
		MonoBenchmark benchmark = new MonoBenchmark();
		exercise(new MonoBenchmark.Bare(), benchmark::bare);
		exercise(new MonoBenchmark.Untraced(), benchmark::untraced);
		exercise(new MonoBenchmark.Traced(), benchmark::traced);
	}

	@Test
	void monoVariantFailsWhenItDoesNotMakeTheTelemetryItClaims() {
		MonoBenchmark.Untraced state = new MonoBenchmark.Untraced();
		state.setUp();
		assertThatIllegalStateException().isThrownBy(state::tearDown).withMessageContaining("future units");
	}

	@Test
	void coroutineVariantsMakeTheTelemetryTheyClaim() {
		CoroutineBenchmark benchmark = new CoroutineBenchmark();
		exercise(new CoroutineBenchmark.Bare(), benchmark::immediateBare, benchmark::suspendedBare);
		exercise(new CoroutineBenchmark.Untraced(), benchmark::immediateUntraced, benchmark::suspendedUntraced);
		exercise(new CoroutineBenchmark.Traced(), benchmark::immediateTraced, benchmark::suspendedTraced);
	}

	@Test
	void coroutineVariantFailsWhenItDoesNotMakeTheTelemetryItClaims() {
		CoroutineBenchmark.Untraced state = new CoroutineBenchmark.Untraced();
		state.setUp();
		assertThatIllegalStateException().isThrownBy(state::tearDown).withMessageContaining("coroutine units");
	}

	@Test
	void futureVariantsMakeTheTelemetryTheyClaim() {
		FutureBenchmark benchmark = new FutureBenchmark();
		for (String mode : new String[] { "complete", "later" }) {
			exercise(future(new FutureBenchmark.Bare(), mode), benchmark::bare, 1);
			exercise(future(new FutureBenchmark.Untraced(), mode), benchmark::untraced, 1);
			exercise(future(new FutureBenchmark.Traced(), mode), benchmark::traced, 1);
		}
	}

	@Test
	void nameMatchVariantsSelectTheConfiguredEntry() {
		NameMatchBenchmark benchmark = new NameMatchBenchmark();
		for (String question : new String[] { "method", "task" }) {
			NameMatchBenchmark.Selectors selectors = new NameMatchBenchmark.Selectors();
			selectors.question = question;
			selectors.setUp();
			assertThat(benchmark.configured1(selectors)).isTrue();
			assertThat(benchmark.configured1000(selectors)).isTrue();
		}
	}

	private static <S extends AsyncMethodBenchmark.Variant> void exercise(S state, Function<S, Integer> call,
			int expected) {
		state.setUp();
		try {
			for (int i = 0; i < CALLS; i++) {
				assertThat(call.apply(state)).isEqualTo(expected);
			}
		}
		finally {
			state.tearDown();
		}
	}

	private static <S extends FutureBenchmark.Variant> void exercise(S state, Function<S, Integer> call,
			int expected) {
		state.setUp();
		try {
			for (int i = 0; i < CALLS; i++) {
				assertThat(call.apply(state)).isEqualTo(expected);
			}
		}
		finally {
			state.tearDown();
		}
	}

	private static <S extends MonoBenchmark.Variant> void exercise(S state, Function<S, Integer> call) {
		state.setUp();
		try {
			for (int i = 0; i < CALLS; i++) {
				assertThat(call.apply(state)).isEqualTo(1);
			}
		}
		finally {
			state.tearDown();
		}
	}

	private static <S extends CoroutineBenchmark.Variant> void exercise(S state, Function<S, Object> immediate,
			Function<S, Object> suspended) {
		state.setUp();
		try {
			for (int i = 0; i < CALLS; i++) {
				assertThat(immediate.apply(state)).isEqualTo(1);
				assertThat(suspended.apply(state)).isEqualTo(1);
			}
		}
		finally {
			state.tearDown();
		}
	}

	private static <S extends TaskBenchmark.Variant> void exercise(S state, TaskCall<S> call) {
		state.setUp();
		try {
			for (int i = 0; i < CALLS; i++) {
				call.run(state);
			}
			assertThat(state.body.runs()).isEqualTo((long) CALLS);
		}
		finally {
			state.tearDown();
		}
	}

	private static <S extends TaskBenchmark.Variant> S task(S state, String naming) {
		state.naming = naming;
		return state;
	}

	private static ContendedBenchmark.Application contended(String variant) {
		ContendedBenchmark.Application application = new ContendedBenchmark.Application();
		application.variant = variant;
		application.setUp();
		return application;
	}

	private static <S extends FutureBenchmark.Variant> S future(S state, String mode) {
		state.mode = mode;
		return state;
	}

	@FunctionalInterface
	private interface TaskCall<S> {

		void run(S state);

	}

}
