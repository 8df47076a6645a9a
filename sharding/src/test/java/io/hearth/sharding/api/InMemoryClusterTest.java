package io.hearth.sharding.api;

import java.util.List;

/** The test kit's in-memory cluster keeps {@link ClusterView}'s contract. */
class InMemoryClusterTest extends ClusterViewContract {
  @Override
  protected Members start() {
    InMemoryCluster cluster = new InMemoryCluster(16, "n0", "n1");
    List<ClusterView> views = List.of(cluster.view("n0"), cluster.view("n1"));
    return new Members() {
      @Override
      public List<ClusterView> views() {
        return views;
      }

      @Override
      public void leave(int i) {
        cluster.leave("n" + i);
      }

      @Override
      public void close() {
        cluster.close();
      }
    };
  }
}
