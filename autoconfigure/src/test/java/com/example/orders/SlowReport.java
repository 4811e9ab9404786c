package com.example.orders;

/**
 * A user-written task class whose body takes 100 ms.
 */
public class SlowReport implements Runnable {

	@Override
	public void run() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
