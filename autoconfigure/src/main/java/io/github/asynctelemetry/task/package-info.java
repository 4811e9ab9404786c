/**
 * Executor tasks as asynchronous units: the executors and schedulers of the application
 * are proxied on their submission methods, where each task is named and wrapped once,
 * carrying the submitter's context, its meters and, when its name is selected, its span
 * to the worker thread; and the public API that names tasks explicitly.
 */
@NullMarked
package io.github.asynctelemetry.task;

import org.jspecify.annotations.NullMarked;
