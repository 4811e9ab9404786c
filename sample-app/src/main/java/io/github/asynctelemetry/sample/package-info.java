/**
 * A sample shop application that uses the async telemetry starter.
 */
@NullMarked
package io.github.asynctelemetry.sample;

import org.jspecify.annotations.NullMarked;
