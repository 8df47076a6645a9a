package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus 2.42 scrapes a real node exporter and itself every second and remote-writes
 * to Hearth. Scraping is then stopped by reloading Prometheus with the same jobs without targets
 * (their pools write end-of-run stale markers; the same remote_write keeps the queue, which ships
 * them); once
 * Prometheus reports its queue drained, Hearth must hold exactly Prometheus's series and exactly its
 * raw samples, and agree on instant queries before and after the stale markers.
 */
class PrometheusScrapeRemoteWriteTest {
  private static final String ALL = "{__name__=~\".+\"}";
  private static final String QUEUE = "prometheus_remote_storage_";

  @TempDir Path dir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void hearthHoldsExactlyTheSeriesAndSamplesPrometheusScrapedAndRemoteWrote() throws Exception {
    try (HearthFixture hearth = HearthFixture.start(dir.resolve("hearth"), "it-scrape");
        NodeExporterFixture exporter = NodeExporterFixture.start(dir.resolve("node-exporter"))) {
      int port = PrometheusFixture.reservePort();
      Map<String, String> vars = Map.of("PROMETHEUS_PORT", Integer.toString(port),
          "NODE_EXPORTER_PORT", Integer.toString(exporter.port()), "HEARTH_PORT", Integer.toString(hearth.port()));
      long startMs = System.currentTimeMillis() / 1000 * 1000 - 1000;
      try (PrometheusFixture prometheus = PrometheusFixture.start(dir.resolve("prometheus"), port,
          TestResources.text("prometheus-scrape.yml", vars))) {
        awaitBothTargetsUp(prometheus);
        Thread.sleep(22_000);
        long midMs = System.currentTimeMillis() / 1000 * 1000 - 5_000;

        prometheus.reload(TestResources.text("prometheus-scrape-stopped.yml", vars));
        // The end-of-run stale markers come about two scrape intervals after the reload (later on a
        // loaded machine): wait until Prometheus itself has them, then until it has sent them.
        awaitStaleInPrometheus(prometheus);
        Map<String, Double> queue = awaitRemoteWriteCaughtUp(prometheus);
        long endMs = System.currentTimeMillis() / 1000 * 1000 + 1000;
        long windowSec = (endMs - startMs) / 1000 + 10;

        List<String> problems = new ArrayList<>();
        compareSeries(prometheus.api(), hearth.api(), startMs - 10_000, endMs, problems);
        int samples = compareRawSamples(prometheus.api(), hearth.api(), ALL + "[" + windowSec + "s]", endMs, problems);
        compareInstant(prometheus.api(), hearth.api(), ALL, midMs, problems);
        // Prometheus staled every series of the dropped targets: the same must hold in Hearth.
        assertEquals(0, prometheus.api().get("/api/v1/query", List.of(Map.entry("query", ALL),
            Map.entry("time", PromApiClient.time(endMs)))).json().path("data").path("result").size(),
            "prometheus wrote no end-of-run stale markers: the test's premise does not hold\n" + prometheus.logTail());
        compareInstant(prometheus.api(), hearth.api(), ALL, endMs, problems);
        compareInstant(prometheus.api(), hearth.api(), "up", midMs, problems);
        compareAnswers(prometheus.api(), hearth.api(), "/api/v1/labels", problems);
        compareAnswers(prometheus.api(), hearth.api(), "/api/v1/label/__name__/values", problems);
        compareAnswers(prometheus.api(), hearth.api(), "/api/v1/label/job/values", problems);
        System.out.printf("scrape-remote-write: %d samples compared, queue %s%n", samples, queue);
        assertTrue(problems.isEmpty(), "hearth differs from prometheus 2.42 after remote write (queue metrics " + queue + "):\n"
            + String.join("\n", problems));
        assertTrue(samples > 5_000, "too few samples to mean anything: " + samples);

        assertEquals(0, prometheus.stop(Duration.ofSeconds(30)), "prometheus did not exit cleanly\n" + prometheus.logTail());
      }
    }
  }

  private static void awaitBothTargetsUp(PrometheusFixture prometheus) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String last = "";
    while (System.nanoTime() < deadline) {
      PromApiClient.Reply r = prometheus.api().get("/api/v1/query", List.of(Map.entry("query", "sum(up)")));
      JsonNode res = r.json() == null ? null : r.json().path("data").path("result");
      if (res != null && res.size() == 1 && res.get(0).path("value").path(1).asText().equals("2")) return;
      last = r.body();
      Thread.sleep(250);
    }
    throw new IllegalStateException("prometheus did not get both targets up in 30 s: " + last + "\n" + prometheus.logTail());
  }

  /** Waits until Prometheus answers the instant query for every series, at the current time, with nothing: every series is stale. */
  private static void awaitStaleInPrometheus(PrometheusFixture prometheus) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String last = "";
    while (System.nanoTime() < deadline) {
      PromApiClient.Reply r = prometheus.api().get("/api/v1/query", List.of(Map.entry("query", ALL),
          Map.entry("time", PromApiClient.time(System.currentTimeMillis()))));
      JsonNode res = r.json() == null ? null : r.json().path("data").path("result");
      if (res != null && res.isArray() && res.size() == 0) return;
      last = res == null ? r.body() : res.size() + " series not stale yet";
      Thread.sleep(250);
    }
    throw new IllegalStateException("prometheus wrote no end-of-run stale markers within 60 s of the reload: " + last + "\n"
        + prometheus.logTail());
  }

  /**
   * Waits until Prometheus has sent everything it appended: nothing pending and the highest sent
   * timestamp at the highest appended one, twice in a row a second apart. Returns the queue metrics.
   */
  private static Map<String, Double> awaitRemoteWriteCaughtUp(PrometheusFixture prometheus) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int stable = 0;
    double lastHighest = -1;
    Map<String, Double> m = Map.of();
    while (System.nanoTime() < deadline) {
      m = queueMetrics(prometheus.api().text("/metrics"));
      double highest = m.getOrDefault(QUEUE + "highest_timestamp_in_seconds", -1.0);
      double sent = m.getOrDefault(QUEUE + "queue_highest_sent_timestamp_seconds", -2.0);
      double pending = m.getOrDefault(QUEUE + "samples_pending", -1.0);
      boolean caughtUp = pending == 0 && sent >= highest && highest > 0;
      stable = caughtUp && highest == lastHighest ? stable + 1 : (caughtUp ? 1 : 0);
      lastHighest = highest;
      if (stable >= 2) return m;
      Thread.sleep(1000);
    }
    throw new IllegalStateException("prometheus's remote-write queue did not catch up in 60 s: " + m + "\n" + prometheus.logTail());
  }

  /** The remote-storage metrics of a text exposition, summed over label sets. */
  static Map<String, Double> queueMetrics(String exposition) {
    Map<String, Double> out = new TreeMap<>();
    for (String line : exposition.split("\n")) {
      if (!line.startsWith(QUEUE)) continue;
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = line.substring(0, brace >= 0 && brace < space ? brace : line.indexOf(' '));
      out.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
    }
    return out;
  }

  private static void compareSeries(PromApiClient p, PromApiClient h, long startMs, long endMs, List<String> problems) {
    var params = List.of(Map.entry("match[]", ALL), Map.entry("start", PromApiClient.time(startMs)), Map.entry("end", PromApiClient.time(endMs)));
    TreeSet<String> ps = JsonDiff.labelSets(p.get("/api/v1/series", params), "prometheus", problems);
    TreeSet<String> hs = JsonDiff.labelSets(h.get("/api/v1/series", params), "hearth", problems);
    if (ps.size() < 200) problems.add("prometheus has only " + ps.size() + " series: the scrape did not run as intended");
    reportSetDifference("series", ps, hs, problems);
  }

  private static void reportSetDifference(String what, TreeSet<String> ps, TreeSet<String> hs, List<String> problems) {
    TreeSet<String> onlyP = new TreeSet<>(ps);
    onlyP.removeAll(hs);
    TreeSet<String> onlyH = new TreeSet<>(hs);
    onlyH.removeAll(ps);
    if (!onlyP.isEmpty()) problems.add(onlyP.size() + " " + what + " only in prometheus, e.g. " + first(onlyP, 10));
    if (!onlyH.isEmpty()) problems.add(onlyH.size() + " " + what + " only in hearth, e.g. " + first(onlyH, 10));
  }

  /** Compares the raw samples of a range-vector instant query series by series; returns Prometheus's sample count. */
  private static int compareRawSamples(PromApiClient p, PromApiClient h, String query, long atMs, List<String> problems) {
    var params = List.of(Map.entry("query", query), Map.entry("time", PromApiClient.time(atMs)));
    Map<String, List<String>> ps = JsonDiff.rawSamplesBySeries(p.get("/api/v1/query", params), "prometheus", problems);
    Map<String, List<String>> hs = JsonDiff.rawSamplesBySeries(h.get("/api/v1/query", params), "hearth", problems);
    reportSetDifference("series in " + query, new TreeSet<>(ps.keySet()), new TreeSet<>(hs.keySet()), problems);
    int total = 0;
    int differing = 0;
    for (Map.Entry<String, List<String>> e : ps.entrySet()) {
      total += e.getValue().size();
      List<String> other = hs.get(e.getKey());
      if (other == null || other.equals(e.getValue())) continue;
      if (++differing <= 10) problems.add("samples of " + e.getKey() + " differ at index " + firstDifference(e.getValue(), other)
          + ": prometheus " + JsonDiff.clip(e.getValue().toString()) + "\n    hearth " + JsonDiff.clip(other.toString()));
    }
    if (differing > 10) problems.add("... samples of " + differing + " series differ in all");
    return total;
  }

  private static int firstDifference(List<String> a, List<String> b) {
    int i = 0;
    while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) i++;
    return i;
  }


  private static void compareInstant(PromApiClient p, PromApiClient h, String query, long atMs, List<String> problems) {
    var params = List.of(Map.entry("query", query), Map.entry("time", PromApiClient.time(atMs)));
    PromApiClient.Reply pr = p.get("/api/v1/query", params);
    PromApiClient.Reply hr = h.get("/api/v1/query", params);
    if (pr.json() == null || hr.json() == null) {
      problems.add("instant " + query + " @" + atMs + ": prometheus " + pr.status() + ", hearth " + hr.status() + " " + JsonDiff.clip(hr.body()));
      return;
    }
    List<String> d = JsonDiff.diff(JsonDiff.withSortedResult(pr.json()).path("data"), JsonDiff.withSortedResult(hr.json()).path("data"), false, 10);
    for (String line : d) problems.add("instant " + query + " at " + PromApiClient.time(atMs) + ": " + line);
  }

  private static void compareAnswers(PromApiClient p, PromApiClient h, String path, List<String> problems) {
    PromApiClient.Reply pr = p.get(path, List.of());
    PromApiClient.Reply hr = h.get(path, List.of());
    if (pr.json() == null || hr.json() == null) {
      problems.add(path + ": prometheus " + pr.status() + ", hearth " + hr.status() + " " + JsonDiff.clip(hr.body()));
      return;
    }
    for (String line : JsonDiff.diff(pr.json().path("data"), hr.json().path("data"), true, 10)) problems.add(path + ": " + line);
  }

  private static String first(TreeSet<String> s, int n) {
    List<String> l = new ArrayList<>();
    for (String x : s) {
      if (l.size() == n) break;
      l.add(x);
    }
    return String.join("\n      ", l);
  }
}
