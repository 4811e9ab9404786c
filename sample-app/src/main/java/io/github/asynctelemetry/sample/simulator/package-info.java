/**
 * A {@code @Scheduled} shopper that exercises every scenario, so that meters and spans appear without a request.
 */
@NullMarked
package io.github.asynctelemetry.sample.simulator;

import org.jspecify.annotations.NullMarked;
