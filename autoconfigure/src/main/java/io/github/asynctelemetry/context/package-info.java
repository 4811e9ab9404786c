/**
 * Propagation of the submitting thread's context to worker threads.
 */
@NullMarked
package io.github.asynctelemetry.context;

import org.jspecify.annotations.NullMarked;
