package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.it.PromApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A rolling upgrade under load: three nodes of the previous release ({@link PreviousRelease}: the
 * commit of the upgrade fixture, built from this repository's history) form a cluster and take
 * continuous remote write and queries; then, as a StatefulSet rolls (highest ordinal first), each
 * node in turn gets SIGTERM, exits, and is started on this build's classes with the same data
 * directory and flags, and must be ready with the cluster settled before the next one. In each mixed
 * state every node (old and new) must answer the count of what was written, within what was
 * acknowledged and attempted. At the end every acknowledged sample is read back and every node,
 * now all on this build, gives the same total.
 */
class ChaosRollingUpgradeTest {
  private static final String TEST = "ChaosRollingUpgradeTest";
  private ChaosCluster cluster;

  @AfterEach
  void killNodes() {
    if (cluster != null) cluster.close();
  }

  @Test
  @Timeout(value = 1200, unit = TimeUnit.SECONDS) // includes building the previous release once (cached after)
  void rollingRestartFromThePreviousReleaseOntoThisBuildLosesNoAcknowledgedSample() throws Exception {
    Path previous = PreviousRelease.jar();
    String previousCommit = PreviousRelease.commit();
    cluster = new ChaosCluster(TEST, 3, 0);
    List<ClusterNodeProcess> members = cluster.initialNodes();
    for (ClusterNodeProcess n : members) n.runningJar(previous);
    cluster.startTogether(members, ChaosCluster.START_MAX);
    cluster.awaitStable(members, ChaosChecks.names(members), ChaosCluster.STABLE_MAX);
    for (ClusterNodeProcess n : members) assertEquals(previousCommit, revision(n), n.name + " should run the previous release");

    AckLedger ledger = AckLedger.startingTwoHoursAgo("chaos_upgrade", 200);
    double maxRecovery = 0;
    double maxStop = 0;
    List<String> mixedStates = new ArrayList<>();
    List<ClusterNodeProcess> order = new ArrayList<>(members);
    Collections.reverse(order); // a StatefulSet replaces the highest ordinal first
    try (ChaosLoad load = new ChaosLoad(cluster, List.of(ledger)).start()) {
      Thread.sleep(5000);
      for (ClusterNodeProcess n : order) {
        ChaosCluster.RestartStep step = cluster.restartGracefully(n, members, () -> n.runningJar(null));
        maxStop = Math.max(maxStop, step.stopSeconds());
        maxRecovery = Math.max(maxRecovery, step.recoverySeconds());
        assertNotEquals(previousCommit, revision(n), n.name + " should run this build after its restart");
        mixedStates.add(everyNodeAnswers(load, ledger, members));
        Thread.sleep(2000);
      }
      load.stop();
      for (ClusterNodeProcess n : members) assertNotEquals(previousCommit, revision(n), n.name + " after the upgrade");
      ChaosChecks.verifyAndReport(TEST, cluster, load, maxRecovery, 100,
          "previous=" + previousCommit + " max_stop_s=" + Summary.secs(maxStop) + " mixed_states=" + mixedStates);
    }
  }

  /**
   * Asks every node, whichever build it runs, for the count of the ledger's samples; each answer
   * must lie between what was acknowledged before the query and what was attempted after it.
   * Returns the nodes' revisions and answers, for the summary.
   */
  private static String everyNodeAnswers(ChaosLoad load, AckLedger ledger, List<ClusterNodeProcess> members) throws Exception {
    String q = "sum(count_over_time(" + ledger.metric + "[3h]))";
    TreeMap<String, String> seen = new TreeMap<>();
    for (ClusterNodeProcess n : members) {
      long acked = ledger.ackedSamples();
      QueryClient.Answer a = load.queries.get(QueryClient.instant(q, ledger.evalTime()), n);
      long attempted = ledger.attemptedSamples();
      assertNotNull(a, q + " from " + n.name + " failed: " + load.queries.errors);
      double v = QueryClient.singleValue(a.data());
      assertTrue(v >= acked && v <= attempted, q + " from " + n.name + " (" + revision(n) + ") = " + v + "; acknowledged before "
          + acked + ", attempted after " + attempted);
      seen.put(n.name, revision(n) + ":" + (long) v);
    }
    return seen.toString().replace(" ", "");
  }

  /** The revision a node reports in {@code /api/v1/status/buildinfo}. */
  private static String revision(ClusterNodeProcess n) throws Exception {
    PromApiClient.Reply r = n.api(Duration.ofSeconds(5)).tryGet("/api/v1/status/buildinfo");
    assertEquals(200, r.status(), "buildinfo from " + n.name + ": " + r);
    return r.json().path("data").path("revision").asText();
  }
}
