package io.github.asynctelemetry.future.app;

import io.github.asynctelemetry.future.lib.LibraryQuotes;

/**
 * An application class whose only future-returning method is inherited from a library
 * class.
 *
 * @author Async Telemetry team
 */
public class LibraryOnlyQuoteService extends LibraryQuotes {

}
