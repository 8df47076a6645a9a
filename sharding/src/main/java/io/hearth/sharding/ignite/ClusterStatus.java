package io.hearth.sharding.ignite;

import java.util.List;

/**
 * What {@code /api/v1/status/cluster} shows: the Ignite topology as Hearth sees it.
 *
 * @param state Ignite cluster state (ACTIVE, INACTIVE, ...)
 * @param topologyVersion the current affinity topology version
 * @param nodes server nodes in the topology
 * @param baseline consistent ids in the baseline topology, with whether each is online
 * @param partitions the fixed partition count
 * @param replicationFactor configured copies of each partition
 * @param rebalancing whether any local partition is still moving
 */
public record ClusterStatus(String state, long topologyVersion, List<Node> nodes, List<BaselineNode> baseline,
    int partitions, int replicationFactor, boolean rebalancing) {

  /**
   * A server node, the partitions it holds as primary and as backup, its zone ({@code --cluster.zone};
   * empty for none), and whether it is in the baseline (a node outside it holds partitions only while
   * it is being decommissioned and they move away).
   */
  public record Node(String name, String address, boolean local, int primaryPartitions, int backupPartitions, String zone,
      boolean inBaseline) {}

  public record BaselineNode(String name, boolean online) {}
}
