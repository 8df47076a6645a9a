/**
 * The distributed query plan: which aggregations run on the shards ({@link
 * io.hearth.promql.planner.Pushdown}, a rule over the syntax tree), what is sent to them ({@link
 * io.hearth.promql.planner.Fragment}), what comes back ({@link io.hearth.promql.planner.PartialSeries}
 * in a {@link io.hearth.promql.planner.FragmentResult}), and the seam a transport implements to carry
 * fragments ({@link io.hearth.promql.planner.FragmentExecutor}).
 *
 * <p>It depends only on the syntax tree ({@code io.hearth.promql.ast}) and {@code
 * io.hearth.sharding.api}. It must never import the evaluator ({@code io.hearth.promql.engine}, which
 * uses this package to push and to merge) nor a transport ({@code io.hearth.promql.distributed},
 * which implements the seam); both arrows point here, so neither package needs the other's internals.
 */
package io.hearth.promql.planner;
