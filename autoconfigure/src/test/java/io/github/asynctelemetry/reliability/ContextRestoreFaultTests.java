package io.github.asynctelemetry.reliability;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.asynctelemetry.context.CapturedContext;
import io.github.asynctelemetry.context.ContextCapture;
import io.github.asynctelemetry.context.StringThreadLocalAccessor;
import io.github.asynctelemetry.unit.FailureLog;
import io.micrometer.context.ThreadLocalAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thread-local accessor that fails while the starter restores a captured context on a
 * worker thread: the other values are still restored, the failing one is undone, the
 * worker is left clean afterwards, and nothing is thrown.
 *
 * @author Async Telemetry team
 */
class ContextRestoreFaultTests {

	private static final ThreadLocal<String> tenant = new ThreadLocal<>();

	private static final ThreadLocal<String> broken = new ThreadLocal<>();

	private static final ThreadLocal<String> region = new ThreadLocal<>();

	private final ExecutorService worker = Executors.newSingleThreadExecutor();

	private final FailureLog failureLog = new FailureLog();

	@AfterEach
	void stop() throws InterruptedException {
		this.worker.shutdown();
		assertThat(this.worker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		tenant.remove();
		broken.remove();
		region.remove();
	}

	@Test
	void accessorThatFailsHalfWayThroughRestoringIsUndoneAndTheOthersAreRestored() throws Exception {
		ContextCapture capture = ContextCapture.of(this.failureLog, accessor("test.tenant", tenant),
				new FailingAccessor(true, false), accessor("test.region", region));
		CapturedContext snapshot = captureAll(capture);
		String[] during = onWorker(() -> {
			try (CapturedContext.Scope scope = snapshot.restore()) {
				return new String[] { tenant.get(), broken.get(), region.get() };
			}
		});
		assertThat(during).containsExactly("acme", null, "eu");
		assertThat(onWorker(ContextRestoreFaultTests::current)).containsOnlyNulls();
		assertThat(this.failureLog.hasFailed()).isTrue();
	}

	@Test
	void accessorThatFailsWhilePuttingTheWorkerBackLeavesTheOthersClean() throws Exception {
		ContextCapture capture = ContextCapture.of(this.failureLog, accessor("test.tenant", tenant),
				new FailingAccessor(false, true), accessor("test.region", region));
		CapturedContext snapshot = captureAll(capture);
		String[] during = onWorker(() -> {
			try (CapturedContext.Scope scope = snapshot.restore()) {
				return current();
			}
		});
		assertThat(during).containsExactly("acme", "secret", "eu");
		String[] after = onWorker(ContextRestoreFaultTests::current);
		assertThat(after[0]).isNull();
		assertThat(after[2]).isNull();
		assertThat(this.failureLog.hasFailed()).isTrue();
	}

	private static CapturedContext captureAll(ContextCapture capture) {
		tenant.set("acme");
		broken.set("secret");
		region.set("eu");
		try {
			return capture.capture();
		}
		finally {
			tenant.remove();
			broken.remove();
			region.remove();
		}
	}

	private static String[] current() {
		return new String[] { tenant.get(), broken.get(), region.get() };
	}

	private String[] onWorker(Callable<String[]> work) throws Exception {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return work.call();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, this.worker).get(10, TimeUnit.SECONDS);
	}

	private static ThreadLocalAccessor<String> accessor(String key, ThreadLocal<String> threadLocal) {
		return new StringThreadLocalAccessor(key, threadLocal);
	}

	/**
	 * An accessor that makes its value current and then throws, as an observation
	 * accessor does when an {@code ObservationHandler} throws on opening the scope, or
	 * throws while putting the previous value back.
	 */
	private static final class FailingAccessor implements ThreadLocalAccessor<String> {

		private final boolean failOnSet;

		private final boolean failOnRestore;

		FailingAccessor(boolean failOnSet, boolean failOnRestore) {
			this.failOnSet = failOnSet;
			this.failOnRestore = failOnRestore;
		}

		@Override
		public Object key() {
			return "test.broken";
		}

		@Override
		public String getValue() {
			return broken.get();
		}

		@Override
		public void setValue(String value) {
			broken.set(value);
			if (this.failOnSet) {
				throw new IllegalStateException("handler failed on opening the scope");
			}
		}

		@Override
		public void setValue() {
			broken.remove();
		}

		@Override
		public void restore() {
			if (this.failOnRestore) {
				throw new IllegalStateException("handler failed on closing the scope");
			}
			broken.remove();
		}

	}

}
