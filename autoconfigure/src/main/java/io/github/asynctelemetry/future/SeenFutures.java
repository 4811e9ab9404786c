package io.github.asynctelemetry.future;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The futures already tracked, held weakly, so that a future handed out many times is
 * one unit. A few {@link WeakHashMap}s, each behind its own lock, chosen by the future's
 * identity hash: a {@code WeakHashMap} drops the entries of collected futures as it goes
 * and keeps its references when it grows, so a high rate of short-lived futures costs
 * one small entry each, not a new reference per live entry at every resize.
 *
 * @author Async Telemetry team
 */
final class SeenFutures {

	private static final int STRIPES = 16;

	@SuppressWarnings("unchecked")
	private final Map<Object, Boolean>[] stripes = new Map[STRIPES];

	SeenFutures() {
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new WeakHashMap<>();
		}
	}

	/**
	 * Add a future unless it was added before.
	 * @param future the future
	 * @return {@code true} if the future is new
	 */
	boolean add(Object future) {
		Map<Object, Boolean> stripe = this.stripes[spread(System.identityHashCode(future)) & (STRIPES - 1)];
		synchronized (stripe) {
			return stripe.putIfAbsent(future, Boolean.TRUE) == null;
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

	private static int spread(int hash) {
		return hash ^ (hash >>> 16);
	}

}
