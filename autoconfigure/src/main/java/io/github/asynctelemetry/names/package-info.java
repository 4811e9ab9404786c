/**
 * Names of units and the name patterns of the names-to-trace properties: the user class
 * a method is named after, validation and cached matching.
 */
@NullMarked
package io.github.asynctelemetry.names;

import org.jspecify.annotations.NullMarked;
