/**
 * Reactor's {@code Mono} and {@code Flux} returned by bean methods as {@code future}
 * units, from each subscription to its terminal signal. Loaded only when Reactor is on
 * the class path.
 */
@NullMarked
package io.github.asynctelemetry.reactive;

import org.jspecify.annotations.NullMarked;
