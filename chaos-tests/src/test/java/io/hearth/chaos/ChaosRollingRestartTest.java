package io.hearth.chaos;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes under continuous remote write and queries; each node in turn gets SIGTERM (it hands
 * its partitions over, checkpoints and leaves), must exit by itself, is started again and must be
 * ready and the cluster settled before the next one.
 */
class ChaosRollingRestartTest {
  private static final String TEST = "ChaosRollingRestartTest";

  @RegisterExtension final ChaosClusterExtension chaos = new ChaosClusterExtension();

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void rollingGracefulRestartLosesNoAcknowledgedSampleAndKeepsQueriesAnswering() throws Exception {
    ChaosCluster cluster = chaos.formed(TEST, 3);
    List<ClusterNodeProcess> members = cluster.initialNodes();

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
        ChaosCluster.RestartStep step = cluster.restartGracefully(n, members, () -> {});
        maxStop = Math.max(maxStop, step.stopSeconds());
        maxRecovery = Math.max(maxRecovery, step.recoverySeconds());
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
