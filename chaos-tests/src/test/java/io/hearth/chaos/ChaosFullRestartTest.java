package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three nodes with data written under load; all three get SIGTERM at once and must exit by
 * themselves; all three start again on their data directories. Every acknowledged sample is back
 * and the fixed queries answer exactly as before, from every node.
 */
class ChaosFullRestartTest {
  private static final String TEST = "ChaosFullRestartTest";
  private ChaosCluster cluster;

  @AfterEach
  void killNodes() {
    if (cluster != null) cluster.close();
  }

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void stoppingAndStartingAllNodesKeepsEveryAcknowledgedSampleAndEveryAnswer() throws Exception {
    cluster = new ChaosCluster(TEST, 3, 0);
    List<ClusterNodeProcess> members = cluster.initialNodes();
    cluster.startTogether(members, ChaosCluster.START_MAX);
    cluster.awaitStable(members, ChaosChecks.names(members), ChaosCluster.STABLE_MAX);

    AckLedger ledger = AckLedger.startingTwoHoursAgo("chaos_metric", 200);
    try (ChaosLoad load = new ChaosLoad(cluster, List.of(ledger)).start()) {
      Thread.sleep(12_000);
      load.awaitProgress(60, 0, ChaosLoad.PROGRESS_WAIT);
      load.stop();
      Map<String, String> queries = Verifier.fixedQueries(ledger, load.writers.get(0).rounds());
      Map<String, String> before = Verifier.answers(load.queries, queries, members.get(0));
      Verifier.assertNoneEmpty(before);
      Verifier.Readback rb = Verifier.readBack(load.queries, ledger, members.get(0));
      assertEquals(0, rb.lost(), "before the restart: " + rb.describe());

      for (ClusterNodeProcess n : members) cluster.markDown(n);
      long t = System.nanoTime();
      for (ClusterNodeProcess n : members) n.sigterm();
      for (ClusterNodeProcess n : members) {
        assertTrue(n.awaitExit(Duration.ofSeconds(90)), n.name + " did not exit within 90 s of SIGTERM; log " + n.log() + ":\n" + n.logTail(40));
      }
      double stopSeconds = (System.nanoTime() - t) / 1e9;

      t = System.nanoTime();
      cluster.startTogether(members, ChaosCluster.START_MAX);
      cluster.awaitStable(members, ChaosChecks.names(members), ChaosCluster.STABLE_MAX);
      double recovery = (System.nanoTime() - t) / 1e9;

      List<String> diffs = new ArrayList<>();
      for (ClusterNodeProcess n : members) {
        for (String d : Verifier.differences(before, Verifier.answers(load.queries, queries, n))) diffs.add(n.name + ": " + d);
      }
      for (String d : diffs) System.out.println("  answer changed: " + d);
      ChaosChecks.verifyAndReport(TEST, cluster, load, recovery, 60,
          "stop_all_s=" + Summary.secs(stopSeconds) + " fixed_queries=" + queries.size() + " answers_changed=" + diffs.size());
      assertEquals(List.of(), diffs, "answers to the fixed queries changed across the full restart");
    }
  }
}
