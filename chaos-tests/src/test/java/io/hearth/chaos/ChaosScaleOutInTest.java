package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.it.PromApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes with data; a fourth joins (holding nothing), is added to the baseline (partitions
 * move to it); removing it from the baseline while it runs is refused; it is stopped (handing its
 * partitions to their backups) and removed from the baseline. A fixed set of instant,
 * range and series queries over the data written before must answer the same from every node at
 * every stage, while a second metric is written and checked throughout.
 */
class ChaosScaleOutInTest {
  private static final String TEST = "ChaosScaleOutInTest";

  @RegisterExtension final ChaosClusterExtension chaos = new ChaosClusterExtension();

  private static List<String> compareOnEveryNode(QueryClient q, Map<String, String> queries, Map<String, String> expected,
      List<ClusterNodeProcess> nodes, String stage) throws InterruptedException {
    List<String> diffs = new ArrayList<>();
    for (String d : Verifier.differencesOn(nodes, q, queries, expected)) diffs.add(stage + ", " + d);
    System.out.println("stage '" + stage + "': " + queries.size() + " queries on " + nodes.size() + " nodes, " + diffs.size()
        + " answers differ from the three-node answers");
    for (String d : diffs) System.out.println("  answer changed: " + d);
    return diffs;
  }

  /** Rebalance byte counters of the three nodes now plus the fourth node's last value; n/a when none are exposed. */
  private static String movedBytes(List<ClusterNodeProcess> three, double fourth) {
    double sum = 0;
    boolean any = false;
    for (double v : new double[] {ChaosCluster.rebalanceBytes(three.get(0)), ChaosCluster.rebalanceBytes(three.get(1)),
        ChaosCluster.rebalanceBytes(three.get(2)), fourth}) {
      if (!Double.isNaN(v)) {
        sum += v;
        any = true;
      }
    }
    return any ? String.format("%.0f", sum) : "n/a";
  }

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void addingAndRemovingAFourthNodeKeepsEveryAcknowledgedSampleAndEveryAnswerIdenticalOnEveryNode() throws Exception {
    ChaosCluster cluster = chaos.create(TEST, 3, 1);
    List<ClusterNodeProcess> three = cluster.initialNodes();
    ClusterNodeProcess fourth = cluster.node(3);
    List<ClusterNodeProcess> four = List.of(three.get(0), three.get(1), three.get(2), fourth);
    Set<String> baseline3 = ChaosChecks.names(three);
    cluster.form(three, ChaosCluster.STABLE_MAX);

    // data first: a fixed metric, written and settled before anything changes
    AckLedger fixed = AckLedger.startingTwoHoursAgo("chaos_metric", 200);
    int rounds = ChaosLoad.writeFixed(cluster, fixed, 10_000, 50);
    assertTrue(fixed.ackedRoundCount() >= 50, "batches acknowledged before scaling: " + fixed.ackedRoundCount());

    AckLedger live = AckLedger.startingTwoHoursAgo("chaos_live", 100);
    List<String> diffs = new ArrayList<>();
    double addSeconds;
    double removeSeconds;
    try (ChaosLoad load = new ChaosLoad(cluster, List.of(live), List.of(fixed)).start()) {
      Map<String, String> queries = Verifier.fixedQueries(fixed, rounds);
      Map<String, String> expected = Verifier.answers(load.queries, queries, three.get(0));
      Verifier.assertNoneEmpty(expected);
      diffs.addAll(compareOnEveryNode(load.queries, queries, expected, three, "three nodes"));

      // a fourth node joins the topology but holds nothing until it is in the baseline
      cluster.startAndAwaitReady(fourth, ChaosCluster.START_MAX);
      cluster.awaitStable(four, baseline3, ChaosCluster.STABLE_MAX);
      JsonNode joined = ChaosCluster.status(three.get(0));
      assertEquals(0, ChaosCluster.nodeEntry(joined, fourth.name).path("primaryPartitions").asInt(-1), "primaries on a node outside the baseline: " + joined);
      assertEquals(0, ChaosCluster.nodeEntry(joined, fourth.name).path("backupPartitions").asInt(-1), "backups on a node outside the baseline: " + joined);
      diffs.addAll(compareOnEveryNode(load.queries, queries, expected, four, "fourth node joined, not in baseline"));

      // scale out
      JsonNode added = ChaosCluster.baseline(three.get(0), "add", fourth.name);
      Set<String> baseline4 = new TreeSet<>(baseline3);
      baseline4.add(fourth.name);
      assertEquals(baseline4, ChaosCluster.names(added.path("baseline")), "baseline after add: " + added);
      addSeconds = cluster.awaitStable(four, baseline4, ChaosCluster.STABLE_MAX);
      JsonNode out = ChaosCluster.status(three.get(1));
      assertTrue(ChaosCluster.nodeEntry(out, fourth.name).path("primaryPartitions").asInt() > 0, "the fourth node got no primary partition: " + out);
      diffs.addAll(compareOnEveryNode(load.queries, queries, expected, four, "after scale-out"));

      // scale in (docs/OPERATIONS.md): Ignite removes only offline nodes from the baseline, so a
      // request for the running node is refused with 400 and changes nothing ...
      PromApiClient.Reply refused = three.get(1).api(Duration.ofSeconds(60)).tryPostForm("/api/v1/admin/cluster/baseline/remove",
          Map.of("node", fourth.name));
      JsonNode afterRefusal = ChaosCluster.status(three.get(1));
      System.out.println("removing the running " + fourth.name + " from the baseline: " + refused);
      assertEquals(baseline4, ChaosCluster.names(afterRefusal.path("baseline")), "baseline after a refused removal: " + afterRefusal);
      // ... so the node is stopped first (SIGTERM: it hands its partitions to their backups) and then removed
      double fourthMoved = ChaosCluster.rebalanceBytes(fourth);
      fourth.sigterm();
      Thread.sleep(500);
      cluster.markDown(fourth);
      assertTrue(fourth.awaitExit(Duration.ofSeconds(90)), fourth.name + " did not exit within 90 s of SIGTERM; log " + fourth.log());
      diffs.addAll(compareOnEveryNode(load.queries, queries, expected, three, "fourth node stopped, still in the baseline"));
      JsonNode removed = ChaosCluster.baseline(three.get(1), "remove", fourth.name);
      assertEquals(baseline3, ChaosCluster.names(removed.path("baseline")), "baseline after remove: " + removed);
      removeSeconds = cluster.awaitStable(three, baseline3, ChaosCluster.STABLE_MAX);
      Thread.sleep(2000);
      load.awaitProgress(50, 0, ChaosLoad.PROGRESS_WAIT);
      load.stop();
      diffs.addAll(compareOnEveryNode(load.queries, queries, expected, three, "fourth node removed from the baseline"));

      ChaosChecks.verifyAndReport(TEST, cluster, load, Math.max(addSeconds, removeSeconds), 50,
          "scale_out_rebalance_s=" + Summary.secs(addSeconds) + " scale_in_rebalance_s=" + Summary.secs(removeSeconds)
              + " fixed_queries=" + queries.size() + " answers_changed=" + diffs.size() + " rebalance_bytes="
              + movedBytes(three, fourthMoved));
      assertEquals(List.of(), diffs, "answers to the fixed queries changed");
      assertEquals(400, refused.status(), "removing a running node from the baseline must be refused with 400 (docs/OPERATIONS.md), got "
          + refused);
    }
  }
}
