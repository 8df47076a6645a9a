package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.ignite.IgniteStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness means caught up: a cluster node restarted while the others went on taking writes
 * answers {@code /-/ready} with 503 while Ignite is still bringing its partitions up to date (WAL
 * delta or rebalance, slowed down here so that it can be watched), and 200 only once none is left.
 */
class ReadinessCatchUpTest {
  @TempDir Path tmp;

  @Test
  @Timeout(300)
  void restartedNodeIsNotReadyUntilItsPartitionsCaughtUp() throws Exception {
    // Every node supplies rebalance batches of 1 KiB, 300 ms apart: catching up takes seconds.
    System.setProperty(IgniteStore.REBALANCE_THROTTLE_PROPERTY, "300");
    System.setProperty(IgniteStore.REBALANCE_BATCH_PROPERTY, "1024");
    try (ClusterFixture c = ClusterFixture.start(tmp.resolve("c"), "ready", 3, 2, 120_000)) {
      long t0 = (System.currentTimeMillis() - 2 * 3600_000L) / 60_000 * 60_000;
      new SyntheticWorkload(t0, 1).writeTo("cluster", c::api);
      c.node(2).close();
      // Writes go on while node 2 is down: it misses them.
      new SyntheticWorkload(t0 + 3600_000L, 2).writeTo("cluster without node 2", i -> c.api(i % 2));
      HearthFixture restarted = c.restart(2);
      int catchingUpSeen = 0;
      int unreadyWhileCatchingUp = 0;
      boolean readyBeforeCaughtUp = false;
      long deadline = System.currentTimeMillis() + 120_000;
      while (System.currentTimeMillis() < deadline) {
        int before = restarted.node().partitionsCatchingUp();
        int status = restarted.api().get("/-/ready", List.of()).status();
        int after = restarted.node().partitionsCatchingUp();
        if (before > 0) catchingUpSeen++;
        if (before > 0 && after > 0) {
          if (status == 200) readyBeforeCaughtUp = true;
          else unreadyWhileCatchingUp++;
        }
        if (status == 200 && after == 0 && before == 0) break;
        Thread.sleep(20);
      }
      assertTrue(catchingUpSeen > 0, "the restarted node was seen catching up");
      assertTrue(unreadyWhileCatchingUp > 0, "/-/ready answered 503 while partitions were catching up");
      assertTrue(!readyBeforeCaughtUp, "/-/ready never answered 200 while partitions were catching up");
      // Once the last partition has caught up, Ignite makes the restarted node primary again for its
      // partitions and ownership moves them to it: not ready for the tens to hundreds of milliseconds
      // that takes (it may come just after the first 200 above). Ready after that, for good.
      long readyBy = System.currentTimeMillis() + 30_000;
      long readySince = -1;
      while (System.currentTimeMillis() < readyBy) {
        long now = System.currentTimeMillis();
        if (!restarted.node().isReady()) readySince = -1;
        else if (readySince < 0) readySince = now;
        else if (now - readySince >= 1_000) break;
        Thread.sleep(20);
      }
      assertTrue(readySince >= 0 && System.currentTimeMillis() - readySince >= 1_000,
          "ready for a second on end once caught up and serving its partitions");
      assertEquals(200, restarted.api().get("/-/ready", List.of()).status());
      assertEquals(0, restarted.node().partitionsCatchingUp());
    } finally {
      System.clearProperty(IgniteStore.REBALANCE_THROTTLE_PROPERTY);
      System.clearProperty(IgniteStore.REBALANCE_BATCH_PROPERTY);
    }
  }
}
