/**
 * JMH benchmarks of the per-call cost of the instrumentation: {@code @Async} calls,
 * executor tasks, returned futures and the names-to-trace decision, each against the
 * same work without the starter and, where one exists, the peer a user would assemble
 * from Spring and Micrometer instead.
 */
@NullMarked
package io.github.asynctelemetry.benchmarks;

import org.jspecify.annotations.NullMarked;
