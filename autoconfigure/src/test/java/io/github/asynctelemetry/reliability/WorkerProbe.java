package io.github.asynctelemetry.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a probe on every worker thread of a fixed-size pool at once: as many probes as
 * threads, each waiting at a barrier until all of them run, so that no thread runs two.
 * Submit from a thread with no context of its own, so that the probes see what the
 * workers were left with.
 *
 * @author Async Telemetry team
 */
final class WorkerProbe {

	private WorkerProbe() {
	}

	static <T> List<T> probe(ThreadPoolExecutor pool, Supplier<T> probe) throws Exception {
		assertThat(pool.getCorePoolSize()).isEqualTo(pool.getMaximumPoolSize());
		pool.prestartAllCoreThreads();
		int threads = pool.getCorePoolSize();
		assertThat(pool.getPoolSize()).isEqualTo(threads);
		CyclicBarrier barrier = new CyclicBarrier(threads);
		List<Future<T>> probes = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			probes.add(pool.submit(() -> {
				T seen = probe.get();
				barrier.await(10, TimeUnit.SECONDS);
				return seen;
			}));
		}
		List<T> seen = new ArrayList<>();
		for (Future<T> future : probes) {
			seen.add(future.get(10, TimeUnit.SECONDS));
		}
		return seen;
	}

}
