package io.hearth.promql.planner;

/**
 * The part of a query a shard evaluates: the pushable aggregation found at {@code [exprStart,
 * exprEnd)} of {@code query}, evaluated over the steps {@code start, start+interval, ..., end} into
 * per-group partial states ({@link PartialSeries}). The full query text travels so that the shard
 * resolves the same tree and renders annotations with the same positions as the coordinator.
 *
 * @param queryStart the outer query's start (for {@code range()}/{@code step()} durations)
 * @param queryEnd the outer query's end
 * @param queryStep the outer query's step (0 for instant queries)
 * @param rangeQuery whether the outer query is a range query
 * @param lookbackMs the coordinator's lookback delta, so every shard uses the same
 * @param timeoutMs the time left for the query when the fragment was sent
 */
public record Fragment(String query, int exprStart, int exprEnd, long start, long end, long interval,
    long queryStart, long queryEnd, long queryStep, boolean rangeQuery, long lookbackMs, long timeoutMs) {}
