package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of cluster mode: a cluster of three in-process Hearth nodes (replication factor
 * 2, 16 partitions), a single Hearth node and Debian's Prometheus 2.42 get the same seeded
 * remote-write requests ({@link SyntheticWorkload}; the cluster's spread round-robin over its
 * nodes, so most series are routed to another node's partitions). Then, asking a different cluster
 * node each time:
 *
 * <ul>
 *   <li>every query of {@code it/promql-queries.txt}, as instant queries at three times and as a
 *       range query (as {@link PromqlDifferentialTest} runs them), must answer on the cluster exactly
 *       as on the single node (the same JSON, series matched by label set, their order compared where
 *       it is defined) and as on Prometheus or be listed in {@code it/promql-known-differences.txt}
 *       (compared by {@link PromqlAnswerDiff}, classified as in {@link PromqlDifferentialTest});
 *   <li>{@code /api/v1/series}, {@code /api/v1/labels} and {@code /api/v1/label/<name>/values}, with
 *       and without {@code match[]} and time ranges, must answer exactly as on the single node;
 *   <li>{@code /federate} must give the same sample lines as the single node, and in the same order
 *       when the single node's are sorted by label set;
 *   <li>remote read, SAMPLES and STREAMED_XOR_CHUNKS, must answer with the single node's bytes.
 * </ul>
 *
 * The report goes to {@code target/cluster-differential-report.txt}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterDifferentialTest {
  private static final long SEED = 0x5EED_2024L;
  private static final long MIN = 60_000;
  private static final int THREADS = 3;
  private static final int NODES = 3;
  private static final int REPLICATION_FACTOR = 2;

  @TempDir static Path dir;
  private static PrometheusFixture prometheus;
  private static HearthFixture single;
  private static ClusterFixture cluster;
  /** The same times as PromqlDifferentialTest's: the known differences were established for them. */
  private static PromqlTimes times;
  private static int writtenSeries;

  @BeforeAll
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  static void startAllAndWriteTheSameRequests() throws Exception {
    times = PromqlTimes.endingNow();
    SyntheticWorkload data = new SyntheticWorkload(times.t0(), SEED);
    long started = System.nanoTime();
    cluster = ClusterFixture.start(dir.resolve("cluster"), "it-cluster-diff", NODES, REPLICATION_FACTOR, 120_000);
    long clusterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    prometheus = PrometheusFixture.start(dir.resolve("prometheus"), PrometheusFixture.reservePort(),
        TestResources.text("prometheus-receiver.yml", Map.of()));
    single = HearthFixture.start(dir.resolve("single"), "it-cluster-diff-single");
    data.writeTo("prometheus", i -> prometheus.api());
    data.writeTo("the single node", i -> single.api());
    // Round-robin: most series of a request belong to partitions of the other nodes, so writes are routed.
    data.writeTo("the cluster", cluster::api);
    writtenSeries = data.series().size();
    System.out.printf("cluster differential: t0=%d (%s), %d series, %d requests, %d-node cluster ready in %d ms%n", times.t0(),
        PromApiClient.time(times.t0()), data.series().size(), data.requests().size(), NODES, clusterMs);
  }

  @AfterAll
  static void stopAll() {
    try {
      if (cluster != null) cluster.close();
    } finally {
      try {
        if (prometheus != null) prometheus.close();
      } finally {
        if (single != null) single.close();
      }
    }
  }

  /** The comparisons below mean something only when no node holds everything: each serves a share of the partitions and series. */
  @Test
  void theSeriesAreSpreadOverTheNodes() {
    long total = single.node().head().numSeries();
    long sum = 0;
    int partitions = 0;
    StringBuilder spread = new StringBuilder();
    for (int i = 0; i < cluster.size(); i++) {
      var head = cluster.node(i).node().head();
      long n = head.numSeries();
      int[] loaded = head.loadedPartitions();
      spread.append(i == 0 ? "" : ", ").append("node ").append(i).append(": ").append(loaded.length).append(" partitions, ")
          .append(n).append(" series");
      assertTrue(loaded.length > 0 && loaded.length < 16, "node " + i + " serves " + loaded.length + " of 16 partitions");
      assertTrue(n > 0 && n < total, "node " + i + " holds " + n + " of " + total + " series");
      sum += n;
      partitions += loaded.length;
    }
    System.out.println("cluster differential: " + spread + "; the single node holds " + total + " series");
    assertEquals(16, partitions, "every partition is served by exactly one node (" + spread + ")");
    // numSeries counts the series in memory: one that went idle in head time has moved to an index
    // block, and when that happens depends on when each head truncated (each cluster node sees only
    // its partitions' times). So compare with what was written: never more (no series in two heads),
    // and at most the idle ones fewer; the series APIs compare the full sets with the single node.
    assertTrue(sum <= writtenSeries && total <= writtenSeries, "every series is held by at most one node, its partition's primary ("
        + spread + "; written " + writtenSeries + ", the single node holds " + total + ")");
    assertTrue(sum >= total - 2 && sum <= total + 2, "the cluster's heads hold what the single node's does, give or take series gone idle ("
        + spread + "; the single node holds " + total + ")");
  }

  /** One query's evaluations: how the cluster differs from the single node, and from Prometheus. */
  record Outcome(String query, int node, List<String> vsSingle, List<String> vsPrometheus, String firstBodies) {}

  @Test
  void everyQueryAnswersAsTheSingleNodeAndAsPrometheusOrIsAListedKnownDifference() throws Exception {
    List<String> queries = PromqlDifferentialTest.lines("promql-queries.txt");
    Map<String, String> known = PromqlDifferentialTest.knownDifferences();
    assertTrue(queries.size() >= 300, "too few queries: " + queries.size());

    long started = System.nanoTime();
    List<Outcome> outcomes = PromqlVerdict.inParallel(THREADS, queries.size(), i -> run(queries.get(i), i % NODES), 4,
        TimeUnit.MINUTES);
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

    int sameAsSingle = 0;
    int sameAsPrometheus = 0;
    int knownCount = 0;
    List<String> failures = new ArrayList<>();
    StringBuilder report = new StringBuilder();
    report.append("# Cluster differential test: ").append(NODES).append("-node cluster vs a single node and Prometheus 2.42, ")
        .append(times).append('\n')
        .append("# first word vs the single node: SAME or DIFFERS; second vs Prometheus: IDENTICAL, KNOWN (listed),")
        .append(" FAIL (not listed) or STALE (listed but the same)\n\n");
    for (Outcome o : outcomes) {
      String reason = known.get(o.query);
      PromqlVerdict verdict = PromqlVerdict.of(o.vsPrometheus.isEmpty(), reason);
      if (o.vsPrometheus.isEmpty()) sameAsPrometheus++;
      if (verdict == PromqlVerdict.KNOWN) knownCount++;
      String failure = verdict.failure(o.query, reason, o.vsPrometheus);
      if (failure != null) failures.add("the cluster (node " + o.node + "): " + failure);
      if (o.vsSingle.isEmpty()) {
        sameAsSingle++;
      } else {
        failures.add("the cluster (node " + o.node + ") differs from the single node: " + o.query + "\n    "
            + String.join("\n    ", o.vsSingle));
      }
      report.append(o.vsSingle.isEmpty() ? "SAME     " : "DIFFERS  ").append(verdict).append("  node ").append(o.node).append("  ")
          .append(o.query).append('\n');
      if (reason != null) report.append("    reason: ").append(reason).append('\n');
      for (String d : o.vsSingle) report.append("    vs single: ").append(d.replace("\n", "\n    ")).append('\n');
      for (String d : o.vsPrometheus) report.append("    vs prometheus: ").append(d.replace("\n", "\n    ")).append('\n');
      if (!o.firstBodies.isEmpty()) report.append("    ").append(o.firstBodies).append('\n');
    }
    String summary = String.format(
        "cluster differential: %d queries, %d identical to the single node, %d identical to prometheus, %d known differences,"
            + " %d failures; %d s",
        queries.size(), sameAsSingle, sameAsPrometheus, knownCount, failures.size(), seconds);
    report.append('\n').append(summary).append('\n');
    if (!failures.isEmpty()) report.append("\nFailures:\n").append(String.join("\n", failures)).append('\n');
    Path out = writeReport("cluster-differential-report.txt", report);
    System.out.println(summary);
    System.out.println("cluster differential: report in " + out.toAbsolutePath());

    // The cluster must answer exactly as one node does: not a last-bit difference, whatever Prometheus says.
    assertTrue(failures.isEmpty(), (queries.size() - sameAsSingle) + " queries answer differently on the cluster than on the single"
        + " node, " + (failures.size() - (queries.size() - sameAsSingle)) + " differ from prometheus 2.42 and are not listed (or"
        + " are listed but answer the same); report in " + out.toAbsolutePath() + ":\n\n" + String.join("\n\n", failures));
  }

  /** The query as three instant queries and one range query on all three, the cluster's on node {@code node}. */
  private static Outcome run(String template, int node) {
    String q = times.fill(template);
    boolean ordered = q.startsWith("sort(") || q.startsWith("sort_desc(");
    List<String> vsSingle = new ArrayList<>();
    List<String> vsPrometheus = new ArrayList<>();
    StringBuilder bodies = new StringBuilder();
    List<String> evaluations = new ArrayList<>();
    List<List<Map.Entry<String, String>>> params = new ArrayList<>();
    for (long t : times.instants()) {
      evaluations.add("instant @" + PromApiClient.time(t));
      params.add(PromqlTimes.instantParams(q, t));
    }
    evaluations.add("range");
    params.add(times.rangeParams(q));
    for (int i = 0; i < evaluations.size(); i++) {
      boolean range = i == evaluations.size() - 1;
      String path = range ? "/api/v1/query_range" : "/api/v1/query";
      PromApiClient.Reply p = prometheus.api().get(path, params.get(i));
      PromApiClient.Reply s = single.api().get(path, params.get(i));
      PromApiClient.Reply c = cluster.api(node).get(path, params.get(i));
      List<String> ds = sameAnswer(s, c, range || ordered);
      List<String> dp = PromqlAnswerDiff.diff(p, c, ordered && !range, range);
      for (String x : ds) vsSingle.add(evaluations.get(i) + ": " + x);
      for (String x : dp) vsPrometheus.add(evaluations.get(i) + ": " + x);
      if (!ds.isEmpty() && bodies.length() == 0) {
        bodies.append("first difference from the single node, ").append(evaluations.get(i)).append(":\n      single  ")
            .append(clip(s.body())).append("\n      cluster ").append(clip(c.body()));
      }
    }
    return new Outcome(template, node, vsSingle, vsPrometheus, bodies.toString());
  }

  /** One answer of the single node and of the cluster: the same HTTP status and the same JSON, {@code data.stats} aside. */
  private static List<String> sameAnswer(PromApiClient.Reply s, PromApiClient.Reply c, boolean seriesOrderMatters) {
    List<String> d = new ArrayList<>();
    if (s.status() != c.status()) d.add("HTTP status: single " + s.status() + " vs cluster " + c.status());
    if (s.json() == null || c.json() == null) {
      if (!s.body().equals(c.body())) d.add("body: single " + clip(s.body()) + " vs cluster " + clip(c.body()));
      return d;
    }
    d.addAll(JsonDiff.diff(withoutStats(s.json()), withoutStats(c.json()), seriesOrderMatters, 8, "single", "cluster"));
    return d;
  }

  private static JsonNode withoutStats(JsonNode answer) {
    if (!answer.path("data").has("stats")) return answer;
    JsonNode copy = answer.deepCopy();
    ((ObjectNode) copy.get("data")).remove("stats");
    return copy;
  }

  @Test
  void seriesLabelsAndLabelValuesAnswerAsTheSingleNode() throws Exception {
    String all = "{__name__=~\".+\"}";
    List<Map.Entry<String, String>> early = List.of(Map.entry("start", PromApiClient.time(times.t0())),
        Map.entry("end", PromApiClient.time(times.t0() + 5 * MIN)));
    List<Map.Entry<String, String>> late = List.of(Map.entry("start", PromApiClient.time(times.b())),
        Map.entry("end", PromApiClient.time(times.c())));
    List<String> selectors = List.of(all, "http_requests_total{job=\"api\"}", "{job=~\"db|cache-east\",code!~\"2..\"}",
        "weird_values", "flappy_up{instance=\"a\"}", "batch_last_success_timestamp_seconds", "no_such_metric");
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("/api/v1/series", List.of()));
    for (String m : selectors) {
      for (List<Map.Entry<String, String>> window : List.of(List.<Map.Entry<String, String>>of(), early, late)) {
        cases.add(new Case("/api/v1/series", plus(List.of(Map.entry("match[]", m)), window)));
      }
    }
    cases.add(new Case("/api/v1/series", List.of(Map.entry("match[]", "http_requests_total{code=\"500\"}"),
        Map.entry("match[]", "node_temperature_celsius"), Map.entry("match[]", "flappy_up"))));
    for (List<Map.Entry<String, String>> window : List.of(List.<Map.Entry<String, String>>of(), early, late)) {
      cases.add(new Case("/api/v1/labels", window));
      for (String m : selectors) cases.add(new Case("/api/v1/labels", plus(List.of(Map.entry("match[]", m)), window)));
    }
    for (String name : List.of("__name__", "job", "instance", "env", "method", "code", "le", "sensor", "kind", "no_such_label")) {
      String path = "/api/v1/label/" + name + "/values";
      for (List<Map.Entry<String, String>> window : List.of(List.<Map.Entry<String, String>>of(), early, late)) {
        cases.add(new Case(path, window));
        for (String m : List.of("http_requests_total{job=\"api\"}", "weird_values", "{job=~\"db|batch\"}", "no_such_metric")) {
          cases.add(new Case(path, plus(List.of(Map.entry("match[]", m)), window)));
        }
      }
    }
    int identical = 0;
    int withData = 0;
    List<String> failures = new ArrayList<>();
    StringBuilder report = new StringBuilder("# Cluster differential test: metadata endpoints, cluster vs the single node\n\n");
    for (int i = 0; i < cases.size(); i++) {
      Case k = cases.get(i);
      PromApiClient.Reply s = single.api().get(k.path, k.params);
      PromApiClient.Reply c = cluster.api(i).get(k.path, k.params);
      // Series, label names and label values come sorted from Prometheus: their order counts.
      List<String> d = sameAnswer(s, c, true);
      if (s.json() != null && s.json().path("data").size() > 0) withData++;
      report.append(d.isEmpty() ? "SAME     " : "DIFFERS  ").append(k).append(" (node ").append(i % NODES).append(")\n");
      if (d.isEmpty()) {
        identical++;
      } else {
        String detail = k + " on node " + i % NODES + "\n    " + String.join("\n    ", d) + "\n    single  " + clip(s.body())
            + "\n    cluster " + clip(c.body());
        report.append("    ").append(detail.replace("\n", "\n    ")).append('\n');
        failures.add(detail);
      }
    }
    String summary = String.format("cluster differential: %d series/labels/label values requests, %d identical to the single node"
        + " (%d with data)", cases.size(), identical, withData);
    report.append('\n').append(summary).append('\n');
    Path out = writeReport("cluster-differential-metadata-report.txt", report);
    System.out.println(summary);
    assertTrue(failures.isEmpty(), failures.size() + " metadata requests differ from the single node (report in "
        + out.toAbsolutePath() + "):\n\n" + String.join("\n\n", failures));
    assertTrue(withData >= cases.size() / 2, "too few metadata requests answer data to mean anything: " + withData);
  }

  @Test
  void remoteReadAnswersAsTheSingleNodeInBothResponseTypes() throws Exception {
    long t0 = times.t0();
    List<PrometheusReadPathsDifferentialTest.Query> queries = List.of(
        new PrometheusReadPathsDifferentialTest.Query(t0 - MIN, t0 + 55 * MIN, new int[][] {{2}}, new String[][] {{"__name__", ".+"}}),
        new PrometheusReadPathsDifferentialTest.Query(t0 + 10 * MIN, t0 + 20 * MIN, new int[][] {{0}, {1}, {3}},
            new String[][] {{"__name__", "http_requests_total"}, {"job", "api"}, {"code", "2.."}}));
    for (int type : new int[] {0, 1}) {
      byte[] request = PrometheusReadPathsDifferentialTest.readRequest(queries, type);
      PromApiClient.BinaryReply s = PrometheusReadPathsDifferentialTest.postRead(single.api(), request);
      assertEquals(200, s.status(), new String(s.bytes(), java.nio.charset.StandardCharsets.UTF_8));
      assertTrue(s.bytes().length > 10_000, "the single node's answer is too small to mean anything: " + s.bytes().length);
      for (int i = 0; i < NODES; i++) {
        PromApiClient.BinaryReply c = PrometheusReadPathsDifferentialTest.postRead(cluster.api(i), request);
        assertEquals(s.contentType(), c.contentType(), "content type, response type " + type + ", node " + i);
        assertTrue(java.util.Arrays.equals(s.bytes(), c.bytes()),
            "response type " + type + " from cluster node " + i + " differs from the single node's ("
                + c.bytes().length + " vs " + s.bytes().length + " bytes)");
      }
    }
  }

  @Test
  void federationAnswersAsTheSingleNode() throws Exception {
    List<List<Map.Entry<String, String>>> matches = List.of(
        List.of(Map.entry("match[]", "{__name__=~\".+\"}")),
        List.of(Map.entry("match[]", "http_requests_total{job=\"api\"}"), Map.entry("match[]", "flappy_up")),
        List.of(Map.entry("match[]", "weird_values"), Map.entry("match[]", "{job=\"batch\"}")),
        List.of(Map.entry("match[]", "{job=~\"db|cache-east\",code!~\"2..\"}")),
        List.of(Map.entry("match[]", "no_such_metric")),
        List.of());
    List<Case> cases = new ArrayList<>();
    for (List<Map.Entry<String, String>> m : matches) {
      for (long t : times.instants()) cases.add(new Case("/federate", plus(m, List.of(Map.entry("time", PromApiClient.time(t))))));
      cases.add(new Case("/federate", m));
    }
    int identical = 0;
    int samples = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      Case k = cases.get(i);
      PromApiClient.Reply s = single.api().get(k.path, k.params);
      PromApiClient.Reply c = cluster.api(i).get(k.path, k.params);
      List<String> d = new ArrayList<>();
      if (s.status() != c.status()) d.add("HTTP status: single " + s.status() + " vs cluster " + c.status());
      if (s.status() != 200) {
        if (!s.body().equals(c.body())) d.add("body: single " + clip(s.body()) + " vs cluster " + clip(c.body()));
      } else {
        List<String> sl = sampleLines(s.body());
        List<String> cl = sampleLines(c.body());
        samples += sl.size();
        TreeSet<String> onlySingle = new TreeSet<>(sl);
        onlySingle.removeAll(cl);
        TreeSet<String> onlyCluster = new TreeSet<>(cl);
        onlyCluster.removeAll(sl);
        if (!onlySingle.isEmpty()) d.add(onlySingle.size() + " sample lines only on the single node: " + clip(onlySingle.toString()));
        if (!onlyCluster.isEmpty()) d.add(onlyCluster.size() + " sample lines only on the cluster: " + clip(onlyCluster.toString()));
        if (sl.size() != cl.size()) d.add("sample lines: single " + sl.size() + " vs cluster " + cl.size());
        if (d.isEmpty() && sortedByLabels(sl) && !sl.equals(cl)) {
          d.add("the single node's sample lines are sorted by label set, the cluster's are in another order");
        }
        TreeSet<String> st = typeLines(s.body());
        TreeSet<String> ct = typeLines(c.body());
        if (!st.equals(ct)) d.add("# TYPE lines: single " + clip(st.toString()) + " vs cluster " + clip(ct.toString()));
      }
      if (d.isEmpty()) {
        identical++;
      } else {
        failures.add(k + " on node " + i % NODES + "\n    " + String.join("\n    ", d));
      }
    }
    System.out.printf("cluster differential: %d federate requests (%d sample lines on the single node), %d identical to the single node%n",
        cases.size(), samples, identical);
    assertTrue(failures.isEmpty(), failures.size() + " federate requests differ from the single node:\n\n" + String.join("\n\n", failures));
    assertTrue(samples > 0, "federation answered no samples at all");
  }

  /** One request of a metadata endpoint. */
  record Case(String path, List<Map.Entry<String, String>> params) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(path);
      char sep = '?';
      for (Map.Entry<String, String> p : params) {
        sb.append(sep).append(p.getKey()).append('=').append(p.getValue());
        sep = '&';
      }
      return sb.toString();
    }
  }

  private static List<Map.Entry<String, String>> plus(List<Map.Entry<String, String>> a, List<Map.Entry<String, String>> b) {
    List<Map.Entry<String, String>> r = new ArrayList<>(a);
    r.addAll(b);
    return r;
  }

  /** The sample lines of a text exposition, in their order. */
  private static List<String> sampleLines(String body) {
    List<String> out = new ArrayList<>();
    for (String l : body.split("\n")) if (!l.isBlank() && !l.startsWith("#")) out.add(l);
    return out;
  }

  private static TreeSet<String> typeLines(String body) {
    TreeSet<String> out = new TreeSet<>();
    for (String l : body.split("\n")) if (l.startsWith("# TYPE ")) out.add(l);
    return out;
  }

  /** Whether the lines come in Prometheus's label-set order (name/value pairs, {@code __name__} first, compared in turn). */
  private static boolean sortedByLabels(List<String> lines) {
    for (int i = 1; i < lines.size(); i++) {
      if (compareLabels(labelPairs(lines.get(i - 1)), labelPairs(lines.get(i))) > 0) return false;
    }
    return true;
  }

  private static int compareLabels(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) return c;
    }
    return Integer.compare(a.size(), b.size());
  }

  /** {@code name{k="v",...} value ts} as {@code [__name__, name, k, v, ...]}, escapes undone. */
  private static List<String> labelPairs(String line) {
    List<String> out = new ArrayList<>();
    int brace = line.indexOf('{');
    out.add("__name__");
    out.add(line.substring(0, brace));
    int i = brace + 1;
    while (line.charAt(i) != '}') {
      int eq = line.indexOf("=\"", i);
      out.add(line.substring(i, eq));
      StringBuilder v = new StringBuilder();
      int j = eq + 2;
      for (; line.charAt(j) != '"'; j++) {
        char ch = line.charAt(j);
        if (ch == '\\') {
          char next = line.charAt(++j);
          v.append(next == 'n' ? '\n' : next);
        } else {
          v.append(ch);
        }
      }
      out.add(v.toString());
      i = line.charAt(j + 1) == ',' ? j + 2 : j + 1;
    }
    return out;
  }

  private static Path writeReport(String name, CharSequence report) throws java.io.IOException {
    Path out = Path.of("target", name);
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
    return out;
  }

  private static String clip(String s) {
    String t = s.strip();
    return t.length() > 1500 ? t.substring(0, 1500) + "...(" + t.length() + " chars)" : t;
  }
}
