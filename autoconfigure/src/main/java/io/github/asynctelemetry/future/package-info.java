/**
 * The {@code future} unit: {@code CompletableFuture} and {@code CompletionStage} results
 * of bean methods, measured from their return to their completion.
 */
@NullMarked
package io.github.asynctelemetry.future;

import org.jspecify.annotations.NullMarked;
