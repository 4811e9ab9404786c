/**
 * Spans of selected units, through Micrometer Tracing when it is present.
 */
@NullMarked
package io.github.asynctelemetry.tracing;

import org.jspecify.annotations.NullMarked;
