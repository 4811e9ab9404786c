package io.github.asynctelemetry.testlib;

import java.util.concurrent.Executor;

/**
 * A class outside the application's packages, as a library's would be, that submits
 * tasks on behalf of its caller.
 */
public class LibraryClient {

	public void fetchLater(Executor executor, Runnable body) {
		executor.execute(() -> body.run());
	}

}
