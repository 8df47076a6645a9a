package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.it.PromApiClient;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes under remote-write load; a snapshot is taken while writes go on and more is written
 * after it; the cluster is stopped, every node restored from the snapshot with {@code hearth snapshot
 * restore} and started again. Every sample acknowledged before the snapshot request must be back,
 * the fixed queries over the data written before the snapshot must answer exactly as right after the
 * snapshot, and what was written after the snapshot must be gone (the restore really went back).
 */
class ChaosSnapshotRestoreTest {
  private static final String TEST = "ChaosSnapshotRestoreTest";

  @RegisterExtension final ChaosClusterExtension chaos = new ChaosClusterExtension();

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void restoringASnapshotTakenUnderLoadBringsBackEveryAcknowledgedSampleAndTheSameAnswers() throws Exception {
    ChaosCluster cluster = chaos.formed(TEST, 3);
    List<ClusterNodeProcess> three = cluster.initialNodes();

    AckLedger fixed = AckLedger.startingTwoHoursAgo("chaos_metric", 200);
    int rounds = ChaosLoad.writeFixed(cluster, fixed, 8_000, 20);
    assertTrue(fixed.ackedRoundCount() >= 20, "batches acknowledged before the snapshot: " + fixed.ackedRoundCount());

    AckLedger live = AckLedger.startingTwoHoursAgo("chaos_live", 100);
    Map<String, String> queries = Verifier.fixedQueries(fixed, rounds);
    Map<String, String> expected;
    BitSet ackedBeforeSnapshot;
    String name;
    double snapshotSeconds;
    ChaosLoad load = new ChaosLoad(cluster, List.of(live), List.of(fixed)).start();
    try {
      Thread.sleep(4_000);
      load.awaitProgress(5, 0, ChaosLoad.PROGRESS_WAIT);
      ackedBeforeSnapshot = live.ackedRounds();
      long t = System.nanoTime();
      PromApiClient.Reply r = three.get(0).api(Duration.ofSeconds(120)).tryPostForm("/api/v1/admin/tsdb/snapshot", Map.of());
      snapshotSeconds = (System.nanoTime() - t) / 1e9;
      assertEquals(200, r.status(), "snapshot: " + r);
      name = r.json().path("data").path("name").asText();
      assertTrue(name.matches("\\d{8}T\\d{6}Z_[0-9a-f]{16}"), "snapshot name " + name);
      expected = Verifier.answers(load.queries, queries, three.get(1));
      Verifier.assertNoneEmpty(expected);
      // writes go on after the snapshot: at least five more batches, which the restore must not bring back
      int ackedAfterSnapshotAnswer = live.ackedRoundCount();
      Thread.sleep(6_000);
      load.awaitProgress(ackedAfterSnapshotAnswer + 5, 0, ChaosLoad.PROGRESS_WAIT);
      load.stop();
      assertEquals(List.of(), load.rejectedWrites());
    } finally {
      load.close();
    }
    long ackedAtEnd = live.ackedSamples();
    assertTrue(ackedBeforeSnapshot.cardinality() >= 5, "live batches acknowledged before the snapshot: " + ackedBeforeSnapshot.cardinality());

    long snapshotBytes = 0;
    for (ClusterNodeProcess n : three) {
      JsonNode s = n.api(Duration.ofSeconds(10)).tryGet("/api/v1/status/snapshots").json().path("data").path("snapshots");
      boolean found = false;
      for (JsonNode e : s) {
        if (e.path("name").asText().equals(name)) {
          found = true;
          snapshotBytes += e.path("bytes").asLong();
        }
      }
      assertTrue(found, n.name + " lists no share of snapshot " + name + ": " + s);
    }

    // the cluster stops, every node is restored, the cluster starts again
    cluster.stopAll(three, Duration.ofSeconds(90));
    double restoreSeconds = 0;
    for (ClusterNodeProcess n : three) {
      HearthCommand.Result r = HearthCommand.run(Duration.ofSeconds(60), "snapshot", "restore", name, "--storage.tsdb.path=" + n.dataDir);
      assertEquals(0, r.exitCode(), "restore on " + n.name + ": " + r.output());
      restoreSeconds += r.seconds();
    }
    double startSeconds = cluster.form(three, ChaosCluster.STABLE_MAX);

    QueryClient q = new QueryClient(cluster::serving);
    List<String> diffs = Verifier.differencesOn(three, q, queries, expected);
    // the live metric: every round acknowledged before the snapshot request is back, nothing is wrong
    AckLedger beforeSnapshot = new AckLedger(live.metric, live.series, live.t0, live.stepMs, live.maxRounds);
    BitSet attempted = live.attemptedRounds();
    for (int i = attempted.nextSetBit(0); i >= 0; i = attempted.nextSetBit(i + 1)) beforeSnapshot.attempting(i);
    for (int i = ackedBeforeSnapshot.nextSetBit(0); i >= 0; i = ackedBeforeSnapshot.nextSetBit(i + 1)) beforeSnapshot.ack(i);
    Verifier.Readback rb = Verifier.readBack(q, beforeSnapshot, three.get(2));
    QueryClient.Answer total = q.get(QueryClient.instant("sum(count_over_time(" + live.metric + "[3h]))", live.evalTime()), three.get(0));
    double restoredLive = QueryClient.singleValue(total.data());
    Summary.print(TEST, "snapshot_s=" + Summary.secs(snapshotSeconds) + " snapshot_bytes=" + snapshotBytes + " restore_s="
        + Summary.secs(restoreSeconds) + " start_to_stable_s=" + Summary.secs(startSeconds) + " fixed_queries=" + queries.size()
        + " answers_changed=" + diffs.size() + " live_acked_before_snapshot=" + beforeSnapshot.ackedSamples() + " live_acked_total="
        + ackedAtEnd + " live_restored=" + (long) restoredLive + " [" + rb.describe() + "] logs=" + cluster.logs());
    for (String d : diffs) System.out.println("  answer changed: " + d);
    assertEquals(List.of(), diffs, "answers over the data before the snapshot changed by the restore");
    assertEquals(0, rb.lost(), "samples acknowledged before the snapshot lost: " + rb.describe());
    assertEquals(0, rb.wrong(), "wrong samples after the restore: " + rb.describe());
    assertTrue(restoredLive < ackedAtEnd, "the restore kept samples written after the snapshot: " + restoredLive + " of " + ackedAtEnd
        + " acknowledged in all");
  }
}
