/**
 * Reports: rendering monthly reports as named tasks on a small, bounded executor.
 */
@NullMarked
package io.github.asynctelemetry.sample.report;

import org.jspecify.annotations.NullMarked;
