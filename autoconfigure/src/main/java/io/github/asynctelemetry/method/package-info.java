/**
 * The {@code async_method} unit: every call of an {@code @Async} method, measured on the
 * worker thread, with the caller's context restored there.
 */
@NullMarked
package io.github.asynctelemetry.method;

import org.jspecify.annotations.NullMarked;
