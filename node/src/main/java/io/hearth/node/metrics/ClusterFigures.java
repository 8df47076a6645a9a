package io.hearth.node.metrics;

/**
 * What a cluster node exports about its part in the cluster (all zero on a single node).
 *
 * @param partitionsServed partitions this node serves now (primary, loaded)
 * @param ready whether it serves every partition it is primary for
 * @param topologyVersion the affinity version it last served at
 * @param partitionsLoaded partitions loaded since start (ownership gained)
 * @param partitionsReleased partitions released since start (ownership lost)
 * @param writeMessages routed write messages sent to owners (this node included)
 * @param writeBytes bytes of those messages
 * @param writeReroutes owner parts sent again because ownership moved
 * @param readRequests select and label requests sent to owners
 * @param readBytes bytes of their answers
 * @param fragments query fragments sent to shards (aggregation pushdown)
 * @param fragmentBytes bytes of fragment answers
 * @param rebalancedKeys entries this node received by Ignite rebalancing since start
 * @param rebalancedBytes bytes of those entries
 */
public record ClusterFigures(long partitionsServed, boolean ready, long topologyVersion, long partitionsLoaded,
    long partitionsReleased, long writeMessages, long writeBytes, long writeReroutes, long readRequests, long readBytes,
    long fragments, long fragmentBytes, long rebalancedKeys, long rebalancedBytes) {}
