package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.testing.LoopbackPorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Out-of-order ingestion against Debian's Prometheus 2.42 with the same
 * {@code storage.tsdb.out_of_order_time_window} (30m) and the same late writes: samples between
 * stored ones inside the window, exact duplicates of stored samples, and a sample older than the
 * window. Both must take and refuse the same requests and answer the same raw samples, range
 * queries and aggregations, and Hearth must answer the same again after a restart.
 */
class OutOfOrderDifferentialTest {
  static final long MIN = 60_000;
  static final int SERIES = 5;
  static final String CONFIG = "global:\n  scrape_interval: 15s\nstorage:\n  tsdb:\n    out_of_order_time_window: 30m\n";

  @TempDir static Path dir;
  static PrometheusFixture prometheus;
  static HearthFixture hearth;
  static long tEnd;
  static int clusterPort;

  static Labels series(int k) {
    return Labels.of("__name__", "late_metric", "instance", "i" + k, "job", "ooo");
  }

  @BeforeAll
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  static void start() throws Exception {
    tEnd = System.currentTimeMillis() / 15_000 * 15_000 - 5 * MIN;
    prometheus = PrometheusFixture.start(dir.resolve("prometheus"), PrometheusFixture.reservePort(), CONFIG);
    clusterPort = LoopbackPorts.freePair();
    hearth = HearthFixture.start(dir.resolve("hearth"), "it-ooo", clusterPort, List.of(), 1, CONFIG);
  }

  @AfterAll
  static void stop() {
    try {
      if (prometheus != null) prometheus.close();
    } finally {
      if (hearth != null) hearth.close();
    }
  }

  /** Sends a request to both; returns {prometheus status, hearth status}. */
  static int[] both(byte[] snappy, List<String> hearthBodies) {
    PromApiClient.Reply p = prometheus.api().remoteWrite(snappy);
    PromApiClient.Reply h = hearth.api().remoteWrite(snappy);
    hearthBodies.add(h.body());
    return new int[] {p.status(), h.status()};
  }

  static boolean ok(int status) {
    return status / 100 == 2;
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void lateWritesAreTakenRefusedAndAnsweredAsPrometheusDoes() throws Exception {
    List<String> bodies = new ArrayList<>();
    // In order: 40 minutes at 15 s.
    WriteRequestBuilder inOrder = WriteRequestBuilder.v1();
    for (int k = 0; k < SERIES; k++) {
      inOrder.series(series(k));
      for (int i = 0; i <= 160; i++) inOrder.sample(tEnd - 40 * MIN + i * 15_000L, k * 1000 + i);
    }
    int[] s = both(inOrder.buildSnappy(), bodies);
    assertTrue(ok(s[0]) && ok(s[1]), "in-order data taken by both: " + s[0] + " " + s[1] + " " + bodies);

    // Late, inside the window: between the stored samples of the last 25 minutes.
    WriteRequestBuilder late = WriteRequestBuilder.v1();
    for (int k = 0; k < SERIES; k++) {
      late.series(series(k));
      for (int j = 0; j < 100; j++) late.sample(tEnd - 25 * MIN + j * 15_000L + 7_000, -(k * 1000 + j));
    }
    s = both(late.buildSnappy(), bodies);
    assertTrue(ok(s[0]) && ok(s[1]), "late samples inside the window taken by both: " + s[0] + " " + s[1] + " " + bodies);

    // A second late batch for one series, between the first late ones: several out-of-order chunks.
    WriteRequestBuilder later = WriteRequestBuilder.v1().series(series(0));
    for (int j = 0; j < 40; j++) later.sample(tEnd - 10 * MIN + j * 15_000L + 3_000, 0.5 + j);
    s = both(later.buildSnappy(), bodies);
    assertTrue(ok(s[0]) && ok(s[1]), "second late batch: " + s[0] + " " + s[1] + " " + bodies);

    // Exact duplicates of stored in-order samples.
    WriteRequestBuilder dups = WriteRequestBuilder.v1();
    for (int k = 0; k < SERIES; k++) dups.series(series(k)).sample(tEnd - 10 * MIN, k * 1000 + 120);
    s = both(dups.buildSnappy(), bodies);
    assertTrue(ok(s[0]) && ok(s[1]), "exact duplicates accepted by both: " + s[0] + " " + s[1] + " " + bodies);

    // Older than the window: refused by both.
    s = both(WriteRequestBuilder.v1().series(series(1)).sample(tEnd - 35 * MIN + 3_000, 7).buildSnappy(), bodies);
    assertTrue(!ok(s[0]) && s[1] == 400, "older than the window refused by both: " + s[0] + " " + s[1] + " " + bodies);
    assertTrue(bodies.get(bodies.size() - 1).contains("out of order sample"), bodies.get(bodies.size() - 1));

    // A different value at a stored timestamp: Hearth refuses it (Prometheus 3.x's duplicate-sample
    // error); sent to Hearth only, since 2.42 takes such a sample into its out-of-order chunk.
    PromApiClient.Reply conflict = hearth.api().remoteWrite(
        WriteRequestBuilder.v1().series(series(2)).sample(tEnd - 10 * MIN, 42).buildSnappy());
    assertEquals(400, conflict.status(), conflict.body());
    assertTrue(conflict.body().contains("duplicate sample for timestamp"), conflict.body());

    List<String> diffs = compare();
    assertEquals(List.of(), diffs, "answers differ from Prometheus 2.42");
    hearth.close();
    hearth = HearthFixture.start(dir.resolve("hearth"), "it-ooo", clusterPort, List.of(), 1, CONFIG);
    assertEquals(List.of(), compare(), "answers differ after Hearth restarted");
  }

  static List<String> compare() {
    String at = PromApiClient.time(tEnd + 1000);
    List<List<Map.Entry<String, String>>> requests = List.of(
        List.of(Map.entry("query", "late_metric[50m]"), Map.entry("time", at)),
        List.of(Map.entry("query", "count_over_time(late_metric[50m])"), Map.entry("time", at)),
        List.of(Map.entry("query", "sum by (job) (late_metric)"), Map.entry("time", PromApiClient.time(tEnd - 10 * MIN + 5_000))),
        List.of(Map.entry("query", "late_metric"), Map.entry("start", PromApiClient.time(tEnd - 45 * MIN)),
            Map.entry("end", at), Map.entry("step", "7")),
        // Window starts 1 s off the sample grid: Prometheus 3.x's left-open ranges and 2.42's closed ones agree there.
        List.of(Map.entry("query", "rate(late_metric[2m])"), Map.entry("start", PromApiClient.time(tEnd - 30 * MIN + 1_000)),
            Map.entry("end", at), Map.entry("step", "60")));
    List<String> diffs = new ArrayList<>();
    for (List<Map.Entry<String, String>> q : requests) {
      String path = q.stream().anyMatch(e -> e.getKey().equals("step")) ? "/api/v1/query_range" : "/api/v1/query";
      PromApiClient.Reply p = prometheus.api().get(path, q);
      PromApiClient.Reply h = hearth.api().get(path, q);
      assertEquals(200, p.status(), "prometheus: " + p.body());
      if (h.status() != 200 || !p.json().get("data").equals(h.json().get("data"))) {
        diffs.add(path + " " + q + "\n  prometheus: " + clip(p.body()) + "\n  hearth:     " + clip(h.body()));
      }
    }
    return diffs;
  }

  static String clip(String s) {
    return s.length() > 600 ? s.substring(0, 600) + "..." : s;
  }
}
