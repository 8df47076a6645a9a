package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes with data written under load; all three get SIGTERM at once and must exit by
 * themselves; all three start again on their data directories. Every acknowledged sample is back
 * and the fixed queries answer exactly as before, from every node.
 */
class ChaosFullRestartTest {
  private static final String TEST = "ChaosFullRestartTest";

  @RegisterExtension final ChaosClusterExtension chaos = new ChaosClusterExtension();

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void stoppingAndStartingAllNodesKeepsEveryAcknowledgedSampleAndEveryAnswer() throws Exception {
    ChaosCluster cluster = chaos.formed(TEST, 3);
    List<ClusterNodeProcess> members = cluster.initialNodes();

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

      double stopSeconds = cluster.stopAll(members, Duration.ofSeconds(90));
      double recovery = cluster.form(members, ChaosCluster.STABLE_MAX);

      List<String> diffs = Verifier.differencesOn(members, load.queries, queries, before);
      for (String d : diffs) System.out.println("  answer changed: " + d);
      ChaosChecks.verifyAndReport(TEST, cluster, load, recovery, 60,
          "stop_all_s=" + Summary.secs(stopSeconds) + " fixed_queries=" + queries.size() + " answers_changed=" + diffs.size());
      assertEquals(List.of(), diffs, "answers to the fixed queries changed across the full restart");
    }
  }
}
