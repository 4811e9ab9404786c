package com.example;

/**
 * A user class with a nested class, whose binary name {@code com.example.Outer$Inner}
 * contains a {@code $}.
 *
 * @author Async Telemetry team
 */
public class Outer {

	/**
	 * A nested user class.
	 */
	public static class Inner {

		public void run() {
		}

	}

}
