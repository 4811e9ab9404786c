/**
 * Executor tasks as asynchronous units: a {@code TaskDecorator} that propagates the
 * submitter's context to every task, records its meters and traces the selected ones,
 * the naming rules and API of tasks, and the wiring of user-defined executors.
 */
@NullMarked
package io.github.asynctelemetry.task;

import org.jspecify.annotations.NullMarked;
