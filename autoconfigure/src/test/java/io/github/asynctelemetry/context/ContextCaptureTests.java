package io.github.asynctelemetry.context;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
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
		ContextSnapshot snapshot = capture.capture();
		tenant.remove();
		assertThat(restored(snapshot, tenant)).isEqualTo("acme");
		assertThat(tenant.get()).isNull();
	}

	@Test
	void ownAccessorIsCapturedWithoutTouchingTheGlobalRegistry() throws Exception {
		ThreadLocalAccessor<String> accessor = accessor("test.region", region);
		ContextCapture capture = ContextCapture.of(accessor);
		region.set("eu");
		ContextSnapshot snapshot = capture.capture();
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
		ContextSnapshot snapshot = capture.capture();
		tenant.remove();
		region.remove();
		assertThat(restored(snapshot, tenant)).isEqualTo("global");
		assertThat(restored(snapshot, region)).isNull();
	}

	private static String restored(ContextSnapshot snapshot, ThreadLocal<String> threadLocal) {
		String[] seen = new String[1];
		Thread worker = new Thread(() -> {
			try (ContextSnapshot.Scope scope = snapshot.setThreadLocals()) {
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
