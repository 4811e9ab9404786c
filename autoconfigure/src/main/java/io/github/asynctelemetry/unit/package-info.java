/**
 * The asynchronous unit: its telemetry conventions, its meters and the handling of
 * failures of the instrumentation itself.
 */
@NullMarked
package io.github.asynctelemetry.unit;

import org.jspecify.annotations.NullMarked;
