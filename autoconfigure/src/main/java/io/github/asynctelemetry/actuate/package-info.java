/**
 * The {@code asyncio} actuator endpoint: the effective configuration of the async
 * telemetry instrumentation and, for every unit seen so far, whether it is traced and how
 * many units it has recorded.
 */
@NullMarked
package io.github.asynctelemetry.actuate;

import org.jspecify.annotations.NullMarked;
