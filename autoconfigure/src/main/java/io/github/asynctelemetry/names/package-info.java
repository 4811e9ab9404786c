/**
 * Name patterns of the names-to-trace properties: validation and cached matching.
 */
@NullMarked
package io.github.asynctelemetry.names;

import org.jspecify.annotations.NullMarked;
