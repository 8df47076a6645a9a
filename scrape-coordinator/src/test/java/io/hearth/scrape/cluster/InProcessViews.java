package io.hearth.scrape.cluster;

import io.hearth.sharding.api.ClusterView;
import io.hearth.sharding.api.InMemoryCluster;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ClusterView}s of several nodes in one JVM (the test kit's {@link InMemoryCluster}) with a
 * leader: the primary of every partition, as partition 0's primary leads shared discovery.
 */
public final class InProcessViews {
  private final InMemoryCluster cluster;
  private final List<String> nodes;

  public InProcessViews(String... names) {
    cluster = new InMemoryCluster(4, names);
    nodes = new ArrayList<>(List.of(names));
    cluster.assignAll(names[0]);
  }

  public ClusterView view(String me) {
    return cluster.view(me);
  }

  /** The nodes in the cluster, in the order they joined. */
  public synchronized List<String> nodes() {
    return List.copyOf(nodes);
  }

  /** {@code node} becomes the primary of every partition. */
  public void lead(String node) {
    cluster.assignAll(node);
  }

  public synchronized void join(String node) {
    nodes.add(node);
    cluster.join(node);
  }

  public synchronized void leave(String node) {
    nodes.remove(node);
    cluster.leave(node);
  }
}
