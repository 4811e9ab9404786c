/**
 * The one lifecycle of every asynchronous unit: a {@link UnitSource} decided once per
 * method or task name, a {@link UnitObservation} per unit, from its start to exactly
 * one outcome.
 */
@NullMarked
package io.github.asynctelemetry.lifecycle;

import org.jspecify.annotations.NullMarked;
