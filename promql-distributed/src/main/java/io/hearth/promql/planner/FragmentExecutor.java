package io.hearth.promql.planner;

/**
 * Runs a {@link Fragment} on every shard of the data and gathers the shards' partial results: the
 * seam between the engine's aggregation pushdown and a cluster transport. An {@link
 * io.hearth.promql.engine.Engine} built with an executor asks it for every aggregation that {@link
 * Pushdown} allows and merges the gathered partials itself.
 *
 * <p>Contract: the result holds every shard's partial series (in any order, a group may appear once
 * per shard) and the shards' rendered annotations, covering every partition exactly once; when that
 * cannot be achieved the executor throws ({@link io.hearth.sharding.api.StorageException} for
 * unavailable data, {@link io.hearth.promql.engine.PromQLException} for a shard's query error) and
 * never returns a partial answer. Thread-safe.
 */
public interface FragmentExecutor {
  FragmentResult execute(Fragment fragment);
}
