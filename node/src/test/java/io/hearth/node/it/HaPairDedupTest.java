package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real Prometheus 2.42 servers, an HA pair ({@code cluster: c1}, {@code __replica__: r1} and
 * {@code r2}), scrape the same real node exporter every second and remote-write to two different
 * nodes of a three-node Hearth cluster with HA deduplication on (failover timeout 4 s). Hearth must
 * hold one copy of every series, without the replica label, all nodes must agree on the elected
 * replica, and when the elected Prometheus stops, the other takes over with no gap in the stored
 * {@code up} series longer than the failover timeout plus one scrape interval (and the send batch).
 */
class HaPairDedupTest {
  private static final long FAILOVER_MS = 4_000;
  private static final long SCRAPE_MS = 1_000;
  /** Prometheus sends a batch at least every second (batch_send_deadline): samples reach Hearth that much later. */
  private static final long SEND_MS = 1_000;

  @TempDir Path dir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void haPairIsStoredOnceAndTheOtherReplicaTakesOverWhenTheElectedOneStops() throws Exception {
    Map<String, String> flags = Map.of("remote-write.ha-dedup", "true", "remote-write.ha-failover-timeout", "4s");
    try (ClusterFixture hearth = ClusterFixture.start(dir.resolve("hearth"), "ha", 3, 2, 120_000, flags);
        NodeExporterFixture exporter = NodeExporterFixture.start(dir.resolve("node-exporter"));
        PrometheusFixture p1 = replica(dir, "r1", exporter, hearth.node(0));
        PrometheusFixture p2 = replica(dir, "r2", exporter, hearth.node(1))) {
      long t0 = System.currentTimeMillis();
      // Both write for a while; node 2 receives neither and must still know the election.
      String elected = awaitElection(hearth.api(2), null, 30_000);
      Thread.sleep(8_000);
      long now = System.currentTimeMillis() - 2_000;
      PrometheusFixture winner = elected.equals("r1") ? p1 : p2;
      PrometheusFixture loser = elected.equals("r1") ? p2 : p1;
      int loserNode = elected.equals("r1") ? 1 : 0;

      for (int i = 0; i < 3; i++) {
        assertEquals(elected, awaitElection(hearth.api(i), null, 5_000), "node " + i + " names another elected replica");
        assertEquals(0, scalar(hearth.api(i), "count({__replica__!=\"\"}) or vector(0)", now), "series stored with the replica label");
        assertEquals(1, scalar(hearth.api(i), "count(up{job=\"node\",cluster=\"c1\"})", now), "one copy of up, via node " + i);
      }
      // One copy of every series: per metric name as many series as one replica scraped.
      Map<String, Double> stored = countByName(hearth.api(2), "count by (__name__) ({job=\"node\"})", now);
      Map<String, Double> scraped = countByName(winner.api(), "count by (__name__) ({job=\"node\"})", now);
      assertTrue(scraped.size() > 20, "the node exporter exposed too little to mean anything: " + scraped);
      assertEquals(scraped, stored, "series per metric name in hearth vs in the elected prometheus");
      double dropped = hearth.api(loserNode).metric("hearth_ha_dropped_samples_total{cluster=\"c1\"}");
      assertTrue(dropped > 100, "the node receiving the other replica dropped only " + dropped + " samples");
      assertEquals(1.0, hearth.api(2).metric("hearth_ha_elected_replica{cluster=\"c1\",replica=\"" + elected + "\"}"));

      // The elected Prometheus stops; the other must be stored from the next write after the timeout.
      assertEquals(0, winner.stop(Duration.ofSeconds(30)), "prometheus did not exit cleanly\n" + winner.logTail());
      long stopped = System.currentTimeMillis();
      String next = awaitElection(hearth.api(2), elected, FAILOVER_MS + 20_000);
      long failedOverAfter = System.currentTimeMillis() - stopped;
      Thread.sleep(5_000);
      long end = System.currentTimeMillis();
      long gap = longestGap(hearth.api(0), "up{job=\"node\",cluster=\"c1\"}", t0, end);
      System.out.printf("ha-pair: elected %s, then %s %d ms after the stop; longest gap in up %d ms; %s dropped %.0f samples%n",
          elected, next, failedOverAfter, gap, loser == p1 ? "r1's node" : "r2's node", dropped);
      assertTrue(gap <= FAILOVER_MS + SCRAPE_MS + SEND_MS, "longest gap in the stored up series " + gap
          + " ms exceeds the failover timeout + one scrape interval + one send batch");
      assertEquals(1, scalar(hearth.api(1), "count(up{job=\"node\",cluster=\"c1\"})", end - 1_000), "one copy after the failover");
      assertEquals(0, scalar(hearth.api(1), "count({__replica__!=\"\"}) or vector(0)", end - 1_000), "replica label after the failover");
    }
  }

  private static PrometheusFixture replica(Path dir, String replica, NodeExporterFixture exporter, HearthFixture target)
      throws Exception {
    return PrometheusFixture.start(dir.resolve("prometheus-" + replica), PrometheusFixture.reservePort(),
        TestResources.text("prometheus-ha-replica.yml", Map.of("REPLICA", replica,
            "NODE_EXPORTER_PORT", Integer.toString(exporter.port()), "HEARTH_PORT", Integer.toString(target.port()))));
  }

  /** Waits until /api/v1/status/ha names an elected replica of c1 other than {@code not}; returns it. */
  private static String awaitElection(PromApiClient api, String not, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    String last = "";
    while (System.currentTimeMillis() < deadline) {
      PromApiClient.Reply r = api.get("/api/v1/status/ha", List.of());
      last = r.body();
      if (r.json() != null) {
        for (JsonNode e : r.json().path("data").path("elections")) {
          String replica = e.path("replica").asText();
          if (e.path("cluster").asText().equals("c1") && !replica.equals(not)) return replica;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no election of c1" + (not == null ? "" : " other than " + not) + " within " + timeoutMs + " ms: " + last);
  }

  private static double scalar(PromApiClient api, String query, long atMs) {
    JsonNode result = query(api, query, atMs);
    assertEquals(1, result.size(), query + " returned " + result);
    return result.get(0).path("value").path(1).asDouble();
  }

  private static Map<String, Double> countByName(PromApiClient api, String query, long atMs) {
    Map<String, Double> out = new TreeMap<>();
    for (JsonNode s : query(api, query, atMs)) out.put(s.path("metric").path("__name__").asText(), s.path("value").path(1).asDouble());
    return out;
  }

  private static JsonNode query(PromApiClient api, String query, long atMs) {
    PromApiClient.Reply r = api.get("/api/v1/query", List.of(Map.entry("query", query), Map.entry("time", PromApiClient.time(atMs))));
    assertEquals(200, r.status(), query + ": " + r.body());
    return r.json().path("data").path("result");
  }

  /** The longest time between consecutive raw samples of the one series {@code selector} selects in (from, to]. */
  private static long longestGap(PromApiClient api, String selector, long fromMs, long toMs) {
    long window = (toMs - fromMs) / 1000 + 1;
    JsonNode result = query(api, selector + "[" + window + "s]", toMs);
    assertEquals(1, result.size(), selector + " selects " + result.size() + " series: " + result);
    long prev = -1;
    long longest = 0;
    for (JsonNode v : result.get(0).path("values")) {
      long t = Math.round(v.path(0).asDouble() * 1000);
      if (prev >= 0) longest = Math.max(longest, t - prev);
      prev = t;
    }
    assertTrue(prev > 0, "no samples of " + selector);
    return longest;
  }
}
