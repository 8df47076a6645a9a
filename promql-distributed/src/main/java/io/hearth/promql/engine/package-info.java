/**
 * The PromQL evaluator ({@link io.hearth.promql.engine.Engine}) with Prometheus 3.x semantics:
 * split by node kind (selectors, subqueries, binary operators, aggregations, instant and range
 * functions), series-at-a-time over primitive arrays, delayed name removal, annotations and limits.
 * With a {@link io.hearth.promql.planner.FragmentExecutor} it pushes what the planner ({@code
 * io.hearth.promql.planner}) allows to the shards and merges their partials ({@code PartialMerge});
 * on a shard it evaluates a fragment into partials. It reads storage only through {@code
 * io.hearth.sharding.api} and must never parse text itself (that is {@code io.hearth.promql.parser}),
 * know about storage internals, or import a transport ({@code io.hearth.promql.distributed}).
 */
package io.hearth.promql.engine;
