package org.springframework.samples.petclinic.visits;

import java.util.concurrent.Executor;

/**
 * An application class under {@code org.springframework}, as the Spring PetClinic's are,
 * that submits a lambda.
 */
public class VisitReminders {

	public void sendReminders(Executor executor, Runnable body) {
		executor.execute(() -> body.run());
	}

}
