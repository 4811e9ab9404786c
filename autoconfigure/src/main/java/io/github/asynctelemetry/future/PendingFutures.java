package io.github.asynctelemetry.future;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The futures tracked and not yet completed, held weakly, so that a pending future handed
 * out many times (by a cache, say) is one unit with one callback. A future leaves when
 * it completes, so the set holds the futures in flight, not every future since the last
 * garbage collection, and a future that never completes stays only until it is
 * collected. A few {@link WeakHashMap}s, each behind its own lock, chosen by the
 * future's identity hash.
 *
 * @author Async Telemetry team
 */
final class PendingFutures {

	private static final int STRIPES = 16;

	@SuppressWarnings("unchecked")
	private final Map<Object, Boolean>[] stripes = new Map[STRIPES];

	PendingFutures() {
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new WeakHashMap<>();
		}
	}

	/**
	 * Add a future unless it is there already.
	 * @param future the future
	 * @return {@code true} if the future was not there
	 */
	boolean add(Object future) {
		Map<Object, Boolean> stripe = stripe(future);
		synchronized (stripe) {
			return stripe.putIfAbsent(future, Boolean.TRUE) == null;
		}
	}

	/**
	 * Remove a future that completed.
	 * @param future the future
	 */
	void remove(Object future) {
		Map<Object, Boolean> stripe = stripe(future);
		synchronized (stripe) {
			stripe.remove(future);
		}
	}

	/**
	 * Return how many futures are held, collected ones possibly included.
	 * @return the number of entries
	 */
	int size() {
		int size = 0;
		for (Map<Object, Boolean> stripe : this.stripes) {
			synchronized (stripe) {
				size += stripe.size();
			}
		}
		return size;
	}

	private Map<Object, Boolean> stripe(Object future) {
		int hash = System.identityHashCode(future);
		return this.stripes[(hash ^ (hash >>> 16)) & (STRIPES - 1)];
	}

}
