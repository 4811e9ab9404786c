package io.github.asynctelemetry.context;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ContextCapture}.
 *
 * @author Async Telemetry team
 */
class ContextCaptureTests {

	private static final ThreadLocal<String> tenant = new ThreadLocal<>();

	private static final ThreadLocal<String> region = new ThreadLocal<>();

	@AfterEach
	void clear() {
		ContextRegistry.getInstance().removeThreadLocalAccessor("test.tenant");
		tenant.remove();
		region.remove();
	}

	@Test
	void accessorRegisteredGloballyAfterCreationIsCaptured() throws Exception {
		ContextCapture capture = ContextCapture.of();
		ContextRegistry.getInstance().registerThreadLocalAccessor("test.tenant", tenant);
		tenant.set("acme");
		CapturedContext snapshot = capture.capture();
		tenant.remove();
		assertThat(restored(snapshot, tenant)).isEqualTo("acme");
		assertThat(tenant.get()).isNull();
	}

	@Test
	void ownAccessorIsCapturedWithoutTouchingTheGlobalRegistry() throws Exception {
		ThreadLocalAccessor<String> accessor = accessor("test.region", region);
		ContextCapture capture = ContextCapture.of(accessor);
		region.set("eu");
		CapturedContext snapshot = capture.capture();
		region.remove();
		assertThat(restored(snapshot, region)).isEqualTo("eu");
		assertThat(ContextRegistry.getInstance().getThreadLocalAccessors()).doesNotContain(accessor);
	}

	@Test
	void ownAccessorGivesWayToAGlobalOneWithTheSameKey() {
		ContextCapture capture = ContextCapture.of(accessor("test.tenant", region));
		ContextRegistry.getInstance().registerThreadLocalAccessor("test.tenant", tenant);
		tenant.set("global");
		region.set("own");
		CapturedContext snapshot = capture.capture();
		tenant.remove();
		region.remove();
		assertThat(restored(snapshot, tenant)).isEqualTo("global");
		assertThat(restored(snapshot, region)).isNull();
	}

	@Test
	void restoringOverAThreadWithItsOwnValuePutsThatValueBack() {
		ContextCapture capture = ContextCapture.of(accessor("test.region", region));
		region.set("eu");
		CapturedContext snapshot = capture.capture();
		region.set("us");
		try (CapturedContext.Scope scope = snapshot.restore()) {
			assertThat(region.get()).isEqualTo("eu");
		}
		assertThat(region.get()).isEqualTo("us");
	}

	@Test
	void threadWithoutContextIsCapturedAsTheEmptyContext() {
		ContextCapture capture = ContextCapture.of(accessor("test.region", region));
		assertThat(capture.capture()).isSameAs(CapturedContext.EMPTY);
		region.set("us");
		try (CapturedContext.Scope scope = CapturedContext.EMPTY.restore()) {
			assertThat(region.get()).isEqualTo("us");
		}
		assertThat(region.get()).isEqualTo("us");
	}

	private static String restored(CapturedContext snapshot, ThreadLocal<String> threadLocal) {
		String[] seen = new String[1];
		Thread worker = new Thread(() -> {
			try (CapturedContext.Scope scope = snapshot.restore()) {
				seen[0] = threadLocal.get();
			}
		});
		worker.start();
		try {
			worker.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return seen[0];
	}

	private static ThreadLocalAccessor<String> accessor(String key, ThreadLocal<String> threadLocal) {
		return new StringThreadLocalAccessor(key, threadLocal);
	}

}
