/**
 * Distributed query transport: {@link io.hearth.promql.distributed.ClusterFragments} scatters the
 * engine's pushed-down aggregation fragments ({@link io.hearth.promql.planner.Fragment}) to the nodes
 * of a {@link io.hearth.sharding.api.ClusterView} and gathers their partials, and serves the shard
 * side over a {@link io.hearth.sharding.api.ShardAccess}; {@link
 * io.hearth.promql.distributed.FragmentCodec} is their byte format. Which aggregations are pushed is
 * the planner's business ({@code io.hearth.promql.planner}); how partials merge is the engine's
 * ({@link io.hearth.promql.engine.Engine#Engine(io.hearth.promql.engine.EngineOptions,
 * io.hearth.promql.planner.FragmentExecutor)}). It must never decide what is pushed nor merge partials
 * itself.
 */
package io.hearth.promql.distributed;
