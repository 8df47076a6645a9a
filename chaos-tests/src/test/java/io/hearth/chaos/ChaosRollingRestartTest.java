package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three nodes under continuous remote write and queries; each node in turn gets SIGTERM (it hands
 * its partitions over, checkpoints and leaves), must exit by itself, is started again and must be
 * ready and the cluster settled before the next one.
 */
class ChaosRollingRestartTest {
  private static final String TEST = "ChaosRollingRestartTest";
  private ChaosCluster cluster;

  @AfterEach
  void killNodes() {
    if (cluster != null) cluster.close();
  }

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void rollingGracefulRestartLosesNoAcknowledgedSampleAndKeepsQueriesAnswering() throws Exception {
    cluster = new ChaosCluster(TEST, 3, 0);
    List<ClusterNodeProcess> members = cluster.initialNodes();
    cluster.startTogether(members, ChaosCluster.START_MAX);
    cluster.awaitStable(members, ChaosChecks.names(members), ChaosCluster.STABLE_MAX);

    AckLedger ledger = AckLedger.startingTwoHoursAgo("chaos_metric", 200);
    double maxRecovery = 0;
    double maxStop = 0;
    // rebalance byte counters restart with each incarnation: add each incarnation's last value
    Map<String, Double> movedByEndedIncarnations = new HashMap<>();
    try (ChaosLoad load = new ChaosLoad(cluster, List.of(ledger)).start()) {
      Thread.sleep(5000);
      for (ClusterNodeProcess n : members) {
        double moved = ChaosCluster.rebalanceBytes(n);
        if (!Double.isNaN(moved)) movedByEndedIncarnations.merge(n.name, moved, Double::sum);
        // SIGTERM while it is still in the load's rotation: it must not acknowledge what it cannot keep
        long t = System.nanoTime();
        n.sigterm();
        Thread.sleep(500);
        cluster.markDown(n);
        boolean exited = n.awaitExit(Duration.ofSeconds(90));
        maxStop = Math.max(maxStop, (System.nanoTime() - t) / 1e9);
        assertTrue(exited, n.name + " did not exit within 90 s of SIGTERM; log " + n.log() + ":\n" + n.logTail(40));
        Thread.sleep(3000);
        t = System.nanoTime();
        cluster.startAndAwaitReady(n, ChaosCluster.START_MAX);
        cluster.awaitStable(members, ChaosChecks.names(members), ChaosCluster.STABLE_MAX);
        maxRecovery = Math.max(maxRecovery, (System.nanoTime() - t) / 1e9);
        Thread.sleep(2000);
      }
      load.awaitProgress(100, 0, ChaosLoad.PROGRESS_WAIT);
      load.stop();
      double moved = 0;
      boolean any = !movedByEndedIncarnations.isEmpty();
      for (double v : movedByEndedIncarnations.values()) moved += v;
      for (ClusterNodeProcess n : members) {
        double v = ChaosCluster.rebalanceBytes(n);
        if (!Double.isNaN(v)) {
          moved += v;
          any = true;
        }
      }
      ChaosChecks.verifyAndReport(TEST, cluster, load, maxRecovery, 100,
          "max_stop_s=" + Summary.secs(maxStop) + " rebalance_bytes=" + (any ? String.format("%.0f", moved) : "n/a"));
    }
  }
}
