package io.github.asynctelemetry.lifecycle.shipping;

import org.springframework.scheduling.annotation.Async;

/**
 * One of two classes named {@code Notifier}, in the shipping package.
 */
public class Notifier {

	@Async
	public void ping() {
	}

}
