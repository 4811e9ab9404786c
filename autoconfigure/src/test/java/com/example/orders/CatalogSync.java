package com.example.orders;

import java.util.concurrent.Executor;

import io.github.asynctelemetry.testlib.LibraryClient;

/**
 * An application class that submits its work through a library.
 */
public class CatalogSync {

	public void refresh(Executor executor) {
		new LibraryClient().fetchLater(executor, () -> {
		});
	}

}
