package io.hearth.sharding.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.InMemoryCluster;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Partitioning;
import io.hearth.sharding.api.SettledData;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ClusterQueryable}'s {@link SettledData}: every serving node's state gathered into one. A
 * late sample on any node, a partition moving and a node that cannot answer each keep a results
 * cache from using what it held; live samples do not.
 */
class ClusterSettledDataTest {
  static final int PARTITIONS = 8;
  final InMemoryCluster cluster = new InMemoryCluster(PARTITIONS, "a", "b");
  final Head a = Head.inMemory(HeadOptions.defaults().withPartitions(PARTITIONS));
  final Head b = Head.inMemory(HeadOptions.defaults().withPartitions(PARTITIONS));
  final ClusterQueryable reads;

  ClusterSettledDataTest() {
    ClusterQueryable.serve(cluster.view("a"), a);
    ClusterQueryable.serve(cluster.view("b"), b);
    reads = new ClusterQueryable(cluster.view("a"));
  }

  @AfterEach
  void close() {
    cluster.close();
  }

  /** A series of a partition that node {@code b} serves (odd partitions), written on {@code b}. */
  private void writeOnB(long t) {
    for (int i = 0; ; i++) {
      Labels l = Labels.of("__name__", "m", "i", Integer.toString(i));
      if (Partitioning.partition(l, PARTITIONS) % 2 == 1) {
        Appender app = b.appender();
        app.append(app.series(l), t, 1);
        app.commit();
        return;
      }
    }
  }

  @Test
  void theBoundIsTheEarliestNodesAndTheEpochHoldsUnderLiveWrites() {
    SettledData.State s = reads.settledData().state();
    long now = System.currentTimeMillis();
    assertTrue(s.settledUntil() <= a.settledData().state().settledUntil());
    assertTrue(s.settledUntil() > now - 6 * 60_000 && s.settledUntil() <= now - 5 * 60_000, "bound " + (now - s.settledUntil()));
    writeOnB(System.currentTimeMillis());
    assertEquals(s.epoch(), reads.settledData().state().epoch());
  }

  @Test
  void aLateSampleOnAnyNodeChangesTheEpoch() {
    long e = reads.settledData().state().epoch();
    writeOnB(System.currentTimeMillis() - 3_600_000);
    assertNotEquals(e, reads.settledData().state().epoch());
  }

  @Test
  void aPartitionMovingChangesTheEpoch() {
    long e = reads.settledData().state().epoch();
    cluster.assign(1, "a");
    assertNotEquals(e, reads.settledData().state().epoch());
  }

  @Test
  void aServingNodeThatDoesNotAnswerLeavesNothingSettled() {
    cluster.join("c"); // an older release: it serves reads but not the settled state
    cluster.view("c").serve(ClusterQueryable.READ, req -> new byte[0]);
    cluster.assign(2, "c");
    assertEquals(SettledData.State.NONE, reads.settledData().state());
    cluster.assign(2, "a");
    assertTrue(reads.settledData().state().settledUntil() > Long.MIN_VALUE, "c serves nothing now");
  }
}
