/**
 * The PromQL evaluator ({@link io.hearth.promql.engine.Engine}) with Prometheus 3.x semantics:
 * split by node kind (selectors, subqueries, binary operators, aggregations, instant and range
 * functions), series-at-a-time over primitive arrays, delayed name removal, annotations and limits.
 * It reads storage only through {@code io.hearth.sharding.api} and must never parse text itself
 * (that is {@code io.hearth.promql.parser}) nor know about storage internals.
 */
package io.hearth.promql.engine;
