/**
 * Distributed query execution: {@link io.hearth.promql.distributed.ClusterFragments} scatters the
 * engine's pushed-down aggregation fragments ({@link io.hearth.promql.engine.Fragment}) to the nodes
 * of a {@link io.hearth.sharding.api.ClusterView} and gathers their partials, and serves the shard
 * side over a {@link io.hearth.sharding.api.ShardAccess}. Which aggregations are pushed and how
 * partials merge is the engine's business ({@link io.hearth.promql.engine.Engine#Engine(
 * io.hearth.promql.engine.EngineOptions, io.hearth.promql.engine.FragmentExecutor)}).
 */
package io.hearth.promql.distributed;
