package io.hearth.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Four nodes in two zones ({@code --cluster.zone}: node-1 and node-2 in zone-a, node-3 and node-4 in
 * zone-b), replication factor 2, under continuous remote write and queries. Both nodes of zone-b are
 * killed with SIGKILL at once: since every partition keeps one copy in each zone, nothing acknowledged
 * is lost and the two survivors answer every query. With zone-blind placement about a third of the
 * partitions would have had both copies in zone-b and been unavailable.
 */
class ChaosZoneLossTest {
  private static final String TEST = "ChaosZoneLossTest";

  @RegisterExtension final ChaosClusterExtension chaos = new ChaosClusterExtension();

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void killingBothNodesOfOneZoneLosesNoAcknowledgedSampleAndTheOtherZoneAnswersEveryQuery() throws Exception {
    ChaosCluster cluster = chaos.formed(TEST, 4, (i, n) -> n.withArgs("--cluster.zone=" + (i < 2 ? "zone-a" : "zone-b")));
    List<ClusterNodeProcess> members = cluster.initialNodes();
    Map<String, String> zones = new TreeMap<>();
    for (JsonNode n : ChaosCluster.status(members.get(0)).path("nodes")) zones.put(n.path("name").asText(), n.path("zone").asText());
    assertEquals(Map.of("node-1", "zone-a", "node-2", "zone-a", "node-3", "zone-b", "node-4", "zone-b"), zones,
        "zones in /api/v1/status/cluster");

    AckLedger ledger = AckLedger.startingTwoHoursAgo("zone_metric", 200);
    try (ChaosLoad load = new ChaosLoad(cluster, List.of(ledger)).start()) {
      Thread.sleep(8000);
      // the whole zone at once, while both nodes are still in the load's rotation
      for (ClusterNodeProcess n : members.subList(2, 4)) {
        n.kill9();
        cluster.markDown(n);
      }
      long acked = ledger.ackedRoundCount();
      Thread.sleep(15_000);
      System.out.println("zone-b killed: " + (ledger.ackedRoundCount() - acked) + " batches acknowledged in the 15 s without it");
      load.awaitProgress(60, 0, ChaosLoad.PROGRESS_WAIT);
      load.stop();
      JsonNode s = ChaosCluster.status(members.get(0));
      // recovery: the load's own figures (max_write_unavailable_s, max_query_unavailable_s) say how long the loss was felt
      ChaosChecks.verifyAndReport(TEST, cluster, load, Double.NaN, 60,
          "survivors=" + ChaosCluster.names(s.path("nodes")) + " state=" + s.path("state").asText());
      assertEquals(ChaosChecks.names(members.subList(0, 2)), ChaosCluster.names(s.path("nodes")), "survivors in the topology");
    }
  }
}
