package com.example.observed;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;

/**
 * Application code that hands a batch of tasks to an executor.
 */
public class Relay {

	/**
	 * Execute the given number of tasks, each counting down the latch.
	 * @param executor the executor
	 * @param tasks how many tasks
	 * @param done counted down by each task
	 */
	public void sendAll(Executor executor, int tasks, CountDownLatch done) {
		for (int i = 0; i < tasks; i++) {
			executor.execute(done::countDown);
		}
	}

}
