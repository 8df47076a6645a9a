package io.hearth.chaos;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The cluster of one chaos test: {@link #create} lays it out under the test's name, {@link #formed}
 * also starts its initial nodes together and waits until they are one stable cluster. After the
 * test (after its own {@code @AfterEach} methods) every node still running is killed. Register it
 * as {@code @RegisterExtension final ChaosClusterExtension chaos = new ChaosClusterExtension();}.
 */
public final class ChaosClusterExtension implements AfterEachCallback {
  /** What {@link #formed} allows for every node to be ready, and then for the cluster to settle. */
  public static final Duration START = ChaosCluster.START_MAX;
  public static final Duration STABLE = ChaosCluster.STABLE_MAX;

  private ChaosCluster cluster;

  /** A new cluster of {@code initial} nodes and {@code spare} ones that may join later, none started. */
  public ChaosCluster create(String test, int initial, int spare) throws IOException {
    close();
    cluster = new ChaosCluster(test, initial, spare);
    return cluster;
  }

  /**
   * A cluster of {@code nodes}, each first given its arguments by {@code configure} (with its index),
   * started together and stable with all of them in the baseline.
   */
  public ChaosCluster formed(String test, int nodes, BiConsumer<Integer, ClusterNodeProcess> configure) throws Exception {
    ChaosCluster c = create(test, nodes, 0);
    List<ClusterNodeProcess> members = c.initialNodes();
    for (int i = 0; i < members.size(); i++) configure.accept(i, members.get(i));
    c.form(members, STABLE);
    return c;
  }

  /** As above with the nodes' default arguments. */
  public ChaosCluster formed(String test, int nodes) throws Exception {
    return formed(test, nodes, (i, n) -> {});
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  private void close() {
    if (cluster != null) cluster.close();
    cluster = null;
  }
}
