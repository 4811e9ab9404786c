/**
 * Auto-configuration and configuration properties of the async telemetry instrumentation.
 */
@NullMarked
package io.github.asynctelemetry.autoconfigure;

import org.jspecify.annotations.NullMarked;
