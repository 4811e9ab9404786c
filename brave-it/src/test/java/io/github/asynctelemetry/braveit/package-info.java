/**
 * An application that traces with Micrometer Tracing's Brave bridge, without
 * OpenTelemetry.
 */
@NullMarked
package io.github.asynctelemetry.braveit;

import org.jspecify.annotations.NullMarked;
