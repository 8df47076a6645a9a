package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes under continuous remote write and queries; each node in turn is killed with
 * SIGKILL, the load goes on for 10 s without it, then it is started again on the same data
 * directory. Before the next kill the cluster must be whole again (every node ready, nothing
 * rebalancing): with two copies of each partition only one node may be missing at a time.
 * Finally the first node is killed once more and everything is read back through the survivors.
 */
class ChaosKillNineTest {
  private static final String TEST = "ChaosKillNineTest";

  @RegisterExtension final ChaosClusterExtension chaos = new ChaosClusterExtension();

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void killNineOfEachNodeInTurnLosesNoAcknowledgedSampleAndNoQueryAnswersPartially() throws Exception {
    ChaosCluster cluster = chaos.formed(TEST, 3);
    List<ClusterNodeProcess> members = cluster.initialNodes();

    AckLedger ledger = AckLedger.startingTwoHoursAgo("chaos_metric", 200);
    double maxRecovery = 0;
    try (ChaosLoad load = new ChaosLoad(cluster, List.of(ledger)).start()) {
      Thread.sleep(5000);
      for (ClusterNodeProcess n : members) {
        // killed while it is still in the load's rotation: requests in flight or sent to it fail and are retried elsewhere
        n.kill9();
        cluster.markDown(n);
        long acked = ledger.ackedRoundCount();
        Thread.sleep(10_000);
        System.out.println(n.name + " killed: " + (ledger.ackedRoundCount() - acked) + " batches acknowledged in the 10 s without it");
        long t = System.nanoTime();
        cluster.startAndAwaitReady(n, ChaosCluster.START_MAX);
        cluster.awaitStable(members, ChaosCluster.STABLE_MAX);
        maxRecovery = Math.max(maxRecovery, (System.nanoTime() - t) / 1e9);
        Thread.sleep(2000);
      }
      load.awaitProgress(100, 0, ChaosLoad.PROGRESS_WAIT);
      load.stop();

      // The node restarted last caught up only by rebalancing. Kill the first node again and read
      // everything back through the two survivors: every partition then has its only live copy on
      // them, so a restarted node that did not catch up shows as lost samples here.
      ClusterNodeProcess first = members.get(0);
      first.kill9();
      cluster.markDown(first);
      Verifier.Readback survivors = Verifier.readBack(load.queries, ledger, members.get(1));
      System.out.println("read back with " + first.name + " down: " + survivors.describe());
      cluster.startAndAwaitReady(first, ChaosCluster.START_MAX);
      cluster.awaitStable(members, ChaosCluster.STABLE_MAX);

      ChaosChecks.verifyAndReport(TEST, cluster, load, maxRecovery, 100,
          "lost_with_" + first.name + "_down=" + survivors.lost() + " wrong_with_" + first.name + "_down=" + survivors.wrong());
      assertEquals(0, survivors.lost(), "acknowledged samples missing while " + first.name + " was down: " + survivors.describe());
      assertEquals(0, survivors.wrong(), "wrong samples while " + first.name + " was down: " + survivors.describe());
    }
  }
}
