package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes (replication factor 2) under remote-write and query load; {@code hearth cluster
 * decommission node-3} moves node-3's partitions away while it serves and returns once it holds none;
 * it stays out of the baseline (the follower, settle 3 s here, does not add it back); it is stopped;
 * the two remaining nodes are stable at once (no rebalance after the stop) and not one acknowledged
 * sample is lost, every fixed query answering as before.
 */
class ChaosDecommissionTest {
  private static final String TEST = "ChaosDecommissionTest";

  @RegisterExtension final ChaosClusterExtension chaos = new ChaosClusterExtension();

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void decommissionedNodeHoldsNothingAndStoppingItLosesNoAcknowledgedSample() throws Exception {
    ChaosCluster cluster = chaos.formed(TEST, 3, (i, n) -> n.withArgs("--cluster.baseline-settle=3s"));
    List<ClusterNodeProcess> three = cluster.initialNodes();

    AckLedger fixed = AckLedger.startingTwoHoursAgo("chaos_metric", 200);
    int rounds = ChaosLoad.writeFixed(cluster, fixed, 8_000, 20);
    ClusterNodeProcess leaving = three.get(2);
    List<ClusterNodeProcess> two = List.of(three.get(0), three.get(1));
    AckLedger live = AckLedger.startingTwoHoursAgo("chaos_live", 100);
    try (ChaosLoad load = new ChaosLoad(cluster, List.of(live), List.of(fixed)).start()) {
      Map<String, String> queries = Verifier.fixedQueries(fixed, rounds);
      Map<String, String> expected = Verifier.answers(load.queries, queries, three.get(0));
      Verifier.assertNoneEmpty(expected);
      Thread.sleep(3_000);
      JsonNode before = ChaosCluster.status(three.get(0));
      int heldBefore = ChaosCluster.nodeEntry(before, leaving.name).path("primaryPartitions").asInt() + ChaosCluster.nodeEntry(before, leaving.name).path("backupPartitions").asInt();
      assertTrue(heldBefore > 0, leaving.name + " held nothing before: " + before);

      HearthCommand.Result r = HearthCommand.run(Duration.ofSeconds(200), "cluster", "decommission", leaving.name,
          "--web.listen-address=127.0.0.1:" + three.get(0).webPort, "--poll-interval=1s", "--timeout=180s");
      assertEquals(0, r.exitCode(), "decommission: " + r.output());
      assertTrue(r.output().contains("decommissioned " + leaving.name), r.output());

      // still running, outside the baseline, holding nothing, and not added back by the follower
      Thread.sleep(6_000);
      JsonNode after = ChaosCluster.status(three.get(1));
      assertEquals(ChaosChecks.names(two), ChaosCluster.names(after.path("baseline")), "baseline after decommission: " + after);
      assertFalse(ChaosCluster.nodeEntry(after, leaving.name).path("inBaseline").asBoolean(true), "inBaseline: " + after);
      assertEquals(0, ChaosCluster.nodeEntry(after, leaving.name).path("primaryPartitions").asInt(-1), "primaries left: " + after);
      assertEquals(0, ChaosCluster.nodeEntry(after, leaving.name).path("backupPartitions").asInt(-1), "backups left: " + after);

      cluster.markDown(leaving);
      Thread.sleep(500);
      long t = System.nanoTime();
      assertTrue(leaving.stop(Duration.ofSeconds(90)), leaving.name + " did not stop; log " + leaving.log());
      double afterStop = cluster.awaitStable(two, ChaosCluster.STABLE_MAX);
      double stopSeconds = (System.nanoTime() - t) / 1e9;
      List<String> diffs = Verifier.differencesOn(two, load.queries, queries, expected);
      Thread.sleep(3_000);
      load.awaitProgress(20, 0, ChaosLoad.PROGRESS_WAIT);
      load.stop();
      for (String d : diffs) System.out.println("  answer changed: " + d);
      ChaosChecks.verifyAndReport(TEST, cluster, load, r.seconds(), 20, "decommission_s=" + Summary.secs(r.seconds())
          + " partitions_moved_off=" + heldBefore + " stop_to_stable_s=" + Summary.secs(stopSeconds) + " stable_after_stop_s="
          + Summary.secs(afterStop) + " answers_changed=" + diffs.size());
      assertEquals(List.of(), diffs, "answers to the fixed queries changed");
    }
  }
}
