/**
 * Orders: placing an order and its {@code @Async} confirmation e-mail.
 */
@NullMarked
package io.github.asynctelemetry.sample.order;

import org.jspecify.annotations.NullMarked;
