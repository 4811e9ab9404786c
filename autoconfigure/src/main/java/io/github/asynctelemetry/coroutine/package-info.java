/**
 * Kotlin coroutines: calls of {@code suspend} functions of beans as {@code coroutine}
 * units, with the caller's context carried across dispatchers, and {@code Flow}s
 * returned by bean methods as {@code future} units, from each collection to its end.
 * Loaded only when Kotlin coroutines are on the class path.
 */
@NullMarked
package io.github.asynctelemetry.coroutine;

import org.jspecify.annotations.NullMarked;
