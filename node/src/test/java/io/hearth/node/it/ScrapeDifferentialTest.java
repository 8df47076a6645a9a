package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hearth.node.HearthNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Scrape differential: Debian's Prometheus 2.42 and an in-process Hearth node scrape, with the same
 * configuration ({@code it/scrape-config.yml}), a small test server's classic-text exposition
 * ({@code it/scrape-text.prom}: escapes, special floats, a histogram, a summary, explicit
 * timestamps, untyped metrics, comments, empty lines), its OpenMetrics exposition
 * ({@code it/scrape-openmetrics.txt}: {@code # EOF}, {@code _created}, a unit, exemplars, timestamps
 * in seconds), a third path that Prometheus rejects as a whole ({@code it/scrape-bad.prom}: a hex
 * float) and a real node exporter, every second. After a few seconds both must hold the same
 * series, the same newest values and the same synthetic scrape series for the test server's
 * targets, the same explicitly timestamped samples, and the same label sets of a few stable node
 * exporter families.
 *
 * <p>Prometheus 2.42 semantics are expected, with one justified 3.x difference: Hearth, like
 * Prometheus 3.x, normalises classic-text {@code le}/{@code quantile} label values to float text
 * ({@code le="1"} becomes {@code "1.0"}; 2.42 keeps them as written), so 2.42's answers are rewritten
 * that way before comparing (see {@link #withLeQuantileAs3x}). Everything else must match exactly;
 * in particular OpenMetrics {@code _created} lines are ordinary float series in both (as in 2.42;
 * 3.x can turn them into created timestamps when asked to), and names are legacy-charset only (no
 * 3.x UTF-8 name quoting is exercised).
 */
class ScrapeDifferentialTest {
  private static final String HARD = "{job=~\"hard-text|hard-om|hard-bad\"}";
  /** Timing-dependent: compared for presence (label sets) only. */
  private static final String TIMING = "scrape_duration_seconds";
  private static final List<String> SCRAPE_SERIES = List.of("up", "scrape_samples_scraped",
      "scrape_samples_post_metric_relabeling", "scrape_series_added", TIMING);
  private static final String NODE_FAMILIES =
      "{job=\"node\",__name__=~\"node_cpu_seconds_total|node_memory_MemTotal_bytes|node_load1|up\"}";

  private static final List<String> FAMILIES = List.of("hard_escapes_total", "hard_special", "hard_latency_seconds",
      "hard_rpc_seconds", "hard_timestamped", "hard_odd", "hard_untyped", "om_requests", "om_temperature_celsius", "om_ts_gauge",
      "om_latency_seconds", "om_rpc_seconds", "om_build", "om_mystery");

  @TempDir Path dir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void hearthScrapesTheSameSeriesAndValuesAsPrometheus() throws Exception {
    long tsMs = (System.currentTimeMillis() / 1000 - 30) * 1000 + 123;
    Map<String, String> tsVars = Map.of("TS_MS", Long.toString(tsMs), "TS_SEC", PromApiClient.time(tsMs));
    byte[] text = TestResources.text("scrape-text.prom", tsVars).getBytes(StandardCharsets.UTF_8);
    byte[] bad = TestResources.text("scrape-bad.prom", Map.of()).getBytes(StandardCharsets.UTF_8);
    byte[] om = TestResources.text("scrape-openmetrics.txt", tsVars).getBytes(StandardCharsets.UTF_8);

    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/text", ex -> serve(ex, "text/plain; version=0.0.4; charset=utf-8", text));
    server.createContext("/bad", ex -> serve(ex, "text/plain; version=0.0.4; charset=utf-8", bad));
    server.createContext("/openmetrics", ex -> serve(ex, "application/openmetrics-text; version=1.0.0; charset=utf-8", om));
    server.start();
    try (NodeExporterFixture exporter = NodeExporterFixture.start(dir.resolve("node-exporter"))) {
      String config = TestResources.text("scrape-config.yml", Map.of(
          "TARGET", "127.0.0.1:" + server.getAddress().getPort(),
          "NODE_EXPORTER", "127.0.0.1:" + exporter.port()));
      try (HearthNode hearthNode = startHearth(dir.resolve("hearth"), "it-scrape-diff", config);
          PrometheusFixture prometheus = PrometheusFixture.start(dir.resolve("prometheus"), PrometheusFixture.reservePort(), config)) {
        PromApiClient p = prometheus.api();
        PromApiClient h = new PromApiClient(URI.create("http://127.0.0.1:" + hearthNode.address().getPort()));
        awaitAllUp(p, "prometheus", prometheus::logTail);
        awaitAllUp(h, "hearth", () -> "");
        Thread.sleep(6_000);
        long atMs = System.currentTimeMillis() - 500;
        long startMs = atMs - 60_000;

        List<String> problems = new ArrayList<>();
        // 1. Series names and label sets of everything scraped from the test server.
        int hardSeries = compareSeries(p, h, HARD, startMs, atMs, problems, 40);
        // 2. Newest values of every such series, except the timing-dependent ones.
        compareInstant(p, h, "{job=~\"hard-text|hard-om|hard-bad\",__name__!=\"" + TIMING + "\"}", atMs, problems);
        // 3. The synthetic scrape series: present for every target in both (values compared above,
        //    except scrape_duration_seconds, whose label sets are compared here).
        for (String name : SCRAPE_SERIES) {
          TreeSet<String> ps = seriesSet(p.get("/api/v1/query", instant(name, atMs)), "prometheus " + name, problems);
          TreeSet<String> hs = seriesSet(h.get("/api/v1/query", instant(name, atMs)), "hearth " + name, problems);
          if (ps.size() != 4) problems.add("prometheus has " + ps.size() + " " + name + " series, expected 4: " + ps);
          reportSetDifference(name + " series", ps, hs, problems);
        }
        // The premise: Prometheus rejected /bad as a whole and accepted the other two paths.
        Map<String, String> ups = new TreeMap<>();
        JsonNode upAnswer = p.get("/api/v1/query", instant("up{job=~\"hard-.*\"}", atMs)).json();
        if (upAnswer != null) {
          for (JsonNode r : upAnswer.path("data").path("result")) ups.put(r.path("metric").path("job").asText(), r.path("value").path(1).asText());
        }
        if (!ups.equals(Map.of("hard-bad", "0", "hard-text", "1", "hard-om", "1"))) problems.add("premise: prometheus's up is " + ups);
        // 4. Explicit timestamps are honored: the raw samples (timestamp and value) must be identical.
        compareRaw(p, h, "{__name__=~\"hard_timestamped|om_ts_gauge\",src=\"explicit\"}[2m]", atMs, problems);
        compareInstant(p, h, "timestamp({__name__=~\"hard_timestamped|om_ts_gauge\",src=\"explicit\"})", atMs, problems);
        // 5. Metadata (type, unescaped help, unit) of the test server's families.
        for (String family : FAMILIES) compareMetadata(p, h, family, problems);
        // 6. Node exporter: only the label sets of a few stable families, and up's value.
        int nodeSeries = compareSeries(p, h, NODE_FAMILIES, startMs, atMs, problems, 3);
        compareInstant(p, h, "up{job=\"node\"}", atMs, problems);

        System.out.printf("scrape-differential: compared at %s: %d test-server series, %d node-exporter series, %d problems%n",
            PromApiClient.time(atMs), hardSeries, nodeSeries, problems.size());
        assertTrue(problems.isEmpty(), "hearth's scrape differs from prometheus 2.42:\n" + String.join("\n", problems)
            + "\n" + prometheus.logTail());
      }
    } finally {
      server.stop(0);
    }
  }

  /** An in-process node named {@code name} with {@code configYaml} as its configuration file in {@code dir}. */
  static HearthNode startHearth(Path dir, String name, String configYaml) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path config = dir.resolve("hearth.yml");
    Files.writeString(config, configYaml, StandardCharsets.UTF_8);
    return TestNodeConfig.of(dir, name).configFile(config).lifecycle(true).start();
  }

  /** Answers an exposition request with {@code body}. */
  static void serve(HttpExchange ex, String contentType, byte[] body) throws IOException {
    try (ex) {
      ex.getRequestBody().readAllBytes();
      ex.getResponseHeaders().set("Content-Type", contentType);
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static List<Map.Entry<String, String>> instant(String query, long atMs) {
    return List.of(Map.entry("query", query), Map.entry("time", PromApiClient.time(atMs)));
  }

  /** Waits until the three good targets are up (the fourth, /bad, is meant to be down). */
  private static void awaitAllUp(PromApiClient api, String who, java.util.function.Supplier<String> log) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String last = "";
    while (System.nanoTime() < deadline) {
      PromApiClient.Reply r = api.get("/api/v1/query", List.of(Map.entry("query", "sum(up == 1)")));
      JsonNode res = r.json() == null ? null : r.json().path("data").path("result");
      if (res != null && res.size() == 1 && res.get(0).path("value").path(1).asText().equals("3")) return;
      last = r.body();
      Thread.sleep(250);
    }
    throw new IllegalStateException(who + " did not get all three targets up in 30 s: " + last + "\n" + log.get());
  }

  private static int compareSeries(PromApiClient p, PromApiClient h, String match, long startMs, long endMs,
      List<String> problems, int minSeries) {
    var params = List.of(Map.entry("match[]", match), Map.entry("start", PromApiClient.time(startMs)),
        Map.entry("end", PromApiClient.time(endMs)));
    TreeSet<String> ps = JsonDiff.labelSets(withLeQuantileAs3x(p.get("/api/v1/series", params)), "prometheus", problems);
    TreeSet<String> hs = JsonDiff.labelSets(h.get("/api/v1/series", params), "hearth", problems);
    if (ps.size() < minSeries) problems.add("prometheus has only " + ps.size() + " series for " + match + ": the scrape did not run as intended");
    reportSetDifference("series of " + match, ps, hs, problems);
    return ps.size();
  }

  private static TreeSet<String> seriesSet(PromApiClient.Reply r, String who, List<String> problems) {
    TreeSet<String> out = new TreeSet<>();
    if (r.status() != 200 || r.json() == null) {
      problems.add(who + " query failed: " + r.status() + " " + JsonDiff.clip(r.body()));
      return out;
    }
    for (JsonNode n : r.json().path("data").path("result")) out.add(JsonDiff.labelKey(n.path("metric")));
    return out;
  }

  private static void reportSetDifference(String what, TreeSet<String> ps, TreeSet<String> hs, List<String> problems) {
    TreeSet<String> onlyP = new TreeSet<>(ps);
    onlyP.removeAll(hs);
    TreeSet<String> onlyH = new TreeSet<>(hs);
    onlyH.removeAll(ps);
    if (!onlyP.isEmpty()) problems.add(onlyP.size() + " " + what + " only in prometheus: " + String.join("\n      ", onlyP));
    if (!onlyH.isEmpty()) problems.add(onlyH.size() + " " + what + " only in hearth: " + String.join("\n      ", onlyH));
  }

  private static void compareInstant(PromApiClient p, PromApiClient h, String query, long atMs, List<String> problems) {
    PromApiClient.Reply pr = withLeQuantileAs3x(p.get("/api/v1/query", instant(query, atMs)));
    PromApiClient.Reply hr = h.get("/api/v1/query", instant(query, atMs));
    if (pr.json() == null || hr.json() == null || pr.status() != 200 || hr.status() != 200) {
      problems.add("instant " + query + ": prometheus " + pr.status() + " " + JsonDiff.clip(pr.body()) + ", hearth " + hr.status() + " " + JsonDiff.clip(hr.body()));
      return;
    }
    if (pr.json().path("data").path("result").size() == 0) problems.add("instant " + query + ": prometheus has no result");
    for (String line : JsonDiff.diff(JsonDiff.withSortedResult(pr.json()).path("data"),
        JsonDiff.withSortedResult(hr.json()).path("data"), false, 40)) {
      problems.add("instant " + query + ": " + line);
    }
  }

  private static void compareMetadata(PromApiClient p, PromApiClient h, String family, List<String> problems) {
    var params = List.of(Map.entry("metric", family));
    PromApiClient.Reply pr = p.get("/api/v1/metadata", params);
    PromApiClient.Reply hr = h.get("/api/v1/metadata", params);
    if (pr.json() == null || hr.json() == null || pr.status() != 200 || hr.status() != 200) {
      problems.add("metadata " + family + ": prometheus " + pr.status() + " " + JsonDiff.clip(pr.body()) + ", hearth " + hr.status() + " " + JsonDiff.clip(hr.body()));
      return;
    }
    if (pr.json().path("data").size() == 0) problems.add("metadata " + family + ": prometheus has none");
    for (String line : JsonDiff.diff(pr.json().path("data"), hr.json().path("data"), false, 10)) problems.add("metadata " + family + ": " + line);
  }

  /** Compares the raw samples of a range-vector selector, series by series. */
  private static void compareRaw(PromApiClient p, PromApiClient h, String query, long atMs, List<String> problems) {
    Map<String, List<String>> ps = JsonDiff.rawSamplesBySeries(p.get("/api/v1/query", instant(query, atMs)), "prometheus", problems);
    Map<String, List<String>> hs = JsonDiff.rawSamplesBySeries(h.get("/api/v1/query", instant(query, atMs)), "hearth", problems);
    if (ps.size() != 2) problems.add("prometheus has " + ps.size() + " series for " + query + ", expected 2: " + ps);
    if (!ps.equals(hs)) problems.add("raw samples of " + query + ": prometheus " + ps + "\n    hearth " + hs);
  }


  /**
   * The one justified 2.42-vs-3.x difference: Prometheus 3.0 normalises the {@code le} label of
   * classic-text histogram buckets and the {@code quantile} label of summaries to OpenMetrics float
   * text ({@code le="1"} becomes {@code le="1.0"}); 2.42 keeps the text as written. Hearth follows
   * 3.x (TextParser), so Prometheus 2.42's answers are rewritten the 3.x way before comparing. Only
   * integral values change ({@code "0.1"}, {@code "+Inf"} and the OpenMetrics job's values, which
   * are already canonical, are the same in both versions).
   */
  private static PromApiClient.Reply withLeQuantileAs3x(PromApiClient.Reply r) {
    if (r.json() == null) return r;
    JsonNode copy = r.json().deepCopy();
    JsonNode data = copy.path("data");
    List<JsonNode> metrics = new ArrayList<>();
    if (data.isArray()) data.forEach(metrics::add);
    for (JsonNode s : data.path("result")) metrics.add(s.path("metric"));
    for (JsonNode m : metrics) {
      if (!(m instanceof com.fasterxml.jackson.databind.node.ObjectNode o) || !"hard-text".equals(m.path("job").asText())) continue;
      for (String label : List.of("le", "quantile")) {
        String v = o.path(label).asText(null);
        if (v != null && v.matches("-?[0-9]+")) o.put(label, v + ".0");
      }
    }
    return new PromApiClient.Reply(r.status(), r.body(), copy);
  }
}
