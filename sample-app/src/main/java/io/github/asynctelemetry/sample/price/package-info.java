/**
 * Prices: a lookup that asks several suppliers at once, as {@code CompletableFuture}s.
 */
@NullMarked
package io.github.asynctelemetry.sample.price;

import org.jspecify.annotations.NullMarked;
