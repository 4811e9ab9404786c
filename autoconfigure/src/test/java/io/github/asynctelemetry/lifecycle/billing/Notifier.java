package io.github.asynctelemetry.lifecycle.billing;

import org.springframework.scheduling.annotation.Async;

/**
 * One of two classes named {@code Notifier}, in the billing package.
 */
public class Notifier {

	@Async
	public void ping() {
	}

}
