package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.sharding.api.Labels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against Debian's real Prometheus 2.42: the same seeded remote-write requests go
 * to both, then vector-selector queries, series, label names and label values must answer the same
 * {@code data}, structurally (numbers by exact value, sample values as identical strings, matrices
 * of range queries in the same order). Every difference is reported in one failure message.
 *
 * <p>Hearth follows Prometheus 3.x, whose lookback and range windows are left-open where 2.x's are
 * closed; the data never puts a sample on a whole second and instant-query times are nudged off any
 * sample that lies exactly at the window's left edge, so the comparison tests what both versions
 * agree on. Instant queries' result order is unspecified in Prometheus (2.42 answers in index
 * order), so those are compared after sorting by label set; range queries' order is compared.
 * Label APIs are only compared over windows that cover all data: Prometheus's head ignores the
 * time range of label queries.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class PrometheusDifferentialTest {
  private static final long SEED = 0x5EED_2024L;
  private static final long MIN = 60_000;

  @TempDir static Path dir;
  private static PrometheusFixture prometheus;
  private static HearthFixture hearth;
  private static SyntheticWorkload data;
  private static long t0;

  /** Vector selectors covering every matcher kind, anchoring, alternation, empty-string matches. */
  static final List<String> SELECTORS = List.of(
      "http_requests_total",
      "http_requests_total{job=\"api\"}",
      "http_requests_total{job!=\"api\",code=\"500\"}",
      "http_requests_total{job=~\"api|db\",method=\"POST\"}",
      "http_requests_total{job=~\"ap\"}",
      "http_requests_total{job=~\"a.*\",code!~\"2..\"}",
      "http_requests_total{instance=~\"10.0.0.1:9100\"}",
      "http_requests_total{instance=~`10\\.0\\.0\\.1.*`,code=\"404\"}",
      "http_requests_total{env=\"\",code=\"200\"}",
      "http_requests_total{env=~\"|prod\",code=\"200\"}",
      "http_requests_total{env!=\"\",method=\"GET\",code=\"500\"}",
      "http_requests_total{env!~\"prod|staging\"}",
      "{job=\"cache-east\",env=\"\"}",
      "{job=~\"cache-.*\",nonexistent=\"\"}",
      "{__name__=~\"request_duration_seconds_(sum|count)\"}",
      "{__name__=~\"request_duration_seconds_.*\",instance=\"10.0.0.2:9100\",le!~`0\\.1|\\+Inf`}",
      "request_duration_seconds_bucket{le=\"+Inf\"}",
      "node_temperature_celsius{sensor!=\"cpu\"}",
      "{__name__=~\"flappy_up|batch_last_success_timestamp_seconds\"}",
      "{__name__=~\"(?i)FLAPPY_UP\"}",
      "{__name__=~\".+\",job=\"weird\"}",
      "{__name__!~\"http_.*|request_.*|node_.*|float_.*\",__name__=~\".+\"}",
      "{__name__=~\"weird_.*\",kind=~\"a.b\"}",
      "weird_values{kind=\"a.b\"}",
      "weird_values{kind=~\".*\\\"quote.*|a\\\\|b|\\\\(x\\\\)\\\\*\\\\+\\\\?\"}",
      "weird_values{kind=~\" .*|/api/.*\"}",
      "weird_values{kind=~\"quote.*\"}",
      "nonexistent_metric",
      "http_requests_total{job=\"db\",code=\"200\"} offset 3m",
      "flappy_up offset 90s");

  /** Range selectors for instant queries (raw samples); {@link #RANGE_REACHES} lists their windows. */
  static final List<String> RANGE_SELECTORS = List.of(
      "flappy_up[10m]",
      "weird_values{kind=\"mix\"}[5m]",
      "http_requests_total{instance=\"10.0.0.1:9100\",method=\"GET\"}[2m]",
      "batch_last_success_timestamp_seconds[7m]",
      "{job=\"api\",__name__=~\"request_duration_seconds_.*\",le=~\"1|\"}[1m]",
      "request_duration_seconds_bucket{job=\"db\"}[3m] offset 1m");

  /** How far back (ms) the instant vector selectors reach: the lookback, plus their offsets. */
  static final long[] VECTOR_REACHES = {5 * MIN, 5 * MIN + 3 * MIN, 5 * MIN + 90_000};

  /** How far back (ms) the range selectors reach: their ranges, plus their offsets. */
  static final long[] RANGE_REACHES = {10 * MIN, 5 * MIN, 2 * MIN, 7 * MIN, MIN, 4 * MIN};

  @BeforeAll
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  static void startBothAndWriteTheSameRequests() throws Exception {
    t0 = System.currentTimeMillis() / MIN * MIN - 50 * MIN;
    data = new SyntheticWorkload(t0, SEED);
    prometheus = PrometheusFixture.start(dir.resolve("prometheus"), PrometheusFixture.reservePort(),
        TestResources.text("prometheus-receiver.yml", Map.of()));
    hearth = HearthFixture.start(dir.resolve("hearth"), "it-differential");
    List<byte[]> requests = data.requests();
    PromApiClient.remoteWriteAll(requests, Map.entry("prometheus", prometheus.api()), Map.entry("hearth", hearth.api()));
    System.out.printf("differential: t0=%d (%s), %d series, %d requests%n", t0, PromApiClient.time(t0),
        data.series().size(), requests.size());
  }

  @AfterAll
  static void stopBoth() {
    try {
      if (prometheus != null) prometheus.close();
    } finally {
      if (hearth != null) hearth.close();
    }
  }

  // ---- tests

  @Test
  void rangeQueriesOfVectorSelectorsMatchPrometheus() {
    long[][] windows = {
        {t0 - 5 * MIN, t0 + 55 * MIN, 60_000}, // all data, before the first and after the last sample
        {t0 + 5 * MIN, t0 + 35 * MIN, 15_000}, // batch runner-1 ending, both flappy gaps
        {t0 + 14 * MIN, t0 + 24 * MIN, 5_000}, // flappy a: stale marker and resume, fine steps
        {t0 + 45 * MIN, t0 + 56 * MIN, 7_000}, // end of data and lookback running out, odd step
    };
    Differences diffs = new Differences();
    int nonEmpty = 0;
    List<String> queries = new ArrayList<>(SELECTORS);
    long at = guarded(t0 + 20 * MIN + 500, 1, VECTOR_REACHES);
    queries.add("http_requests_total{job=\"api\",code=\"404\"} @ " + PromApiClient.time(at));
    for (String q : queries) {
      for (long[] w : windows) {
        var params = params("query", q, "start", PromApiClient.time(w[0]), "end", PromApiClient.time(w[1]),
            "step", (w[2] / 1000) + "s");
        nonEmpty += diffs.compare("/api/v1/query_range", params, false, true);
      }
    }
    diffs.assertNone();
    assertTrue(nonEmpty > queries.size() * 2, "too few non-empty answers to mean anything: " + nonEmpty);
  }

  @Test
  void instantQueriesMatchPrometheusAroundStaleMarkersAndLookback() {
    Differences diffs = new Differences();
    int nonEmpty = 0;
    for (long t : instantTimes(VECTOR_REACHES)) {
      for (String q : SELECTORS) {
        nonEmpty += diffs.compare("/api/v1/query", params("query", q, "time", PromApiClient.time(t)), true, false);
      }
    }
    diffs.assertNone();
    assertTrue(nonEmpty > SELECTORS.size() * 3, "too few non-empty answers to mean anything: " + nonEmpty);
  }

  @Test
  void rangeVectorInstantQueriesReturnTheSameRawSamples() {
    Differences diffs = new Differences();
    int nonEmpty = 0;
    for (long t : instantTimes(RANGE_REACHES)) {
      for (String q : RANGE_SELECTORS) {
        nonEmpty += diffs.compare("/api/v1/query", params("query", q, "time", PromApiClient.time(t)), true, false);
      }
    }
    diffs.assertNone();
    assertTrue(nonEmpty > RANGE_SELECTORS.size() * 3, "too few non-empty answers to mean anything: " + nonEmpty);
  }

  @Test
  void floatValuesNeedingExponentsOrShortestDigitsAreWrittenAsPrometheusWritesThem() {
    Differences diffs = new Differences();
    long start = t0 / 1000 * 1000;
    long end = start + 50 * MIN;
    int nonEmpty = diffs.compare("/api/v1/query_range", params("query", "float_format_probe", "start", PromApiClient.time(start),
        "end", PromApiClient.time(end), "step", "15s"), false, true);
    nonEmpty += diffs.compare("/api/v1/query", params("query", "float_format_probe[50m]", "time", PromApiClient.time(end)), true, false);
    diffs.assertNone();
    assertEquals(2, nonEmpty, "the probe series is missing");
  }

  @Test
  void seriesMatchPrometheusForMatchersAndTimeRanges() {
    String all = "{__name__=~\".+\"}";
    String s = "start";
    String e = "end";
    List<List<Map.Entry<String, String>>> cases = List.of(
        params("match[]", "{job=\"api\"}"),
        params("match[]", "http_requests_total{code=\"500\"}", "match[]", "{__name__=~\"flappy.*\"}"),
        params("match[]", all, s, sec(t0 - MIN), e, sec(t0 + 60 * MIN)),
        params("match[]", all, s, sec(t0 + 40 * MIN), e, sec(t0 + 41 * MIN)),
        params("match[]", all, s, PromApiClient.time(data.lastSample() + 1000), e, PromApiClient.time(data.lastSample() + MIN)),
        params("match[]", "{job=\"batch\"}", s, sec(t0 + 20 * MIN), e, sec(t0 + 30 * MIN)),
        params("match[]", "{job=\"batch\"}", s, sec(t0 + 9 * MIN), e, sec(t0 + 12 * MIN)),
        params("match[]", "{job=\"batch\"}", e, sec(t0 + 5 * MIN)),
        params("match[]", "{job=\"flappy\"}", s, sec(t0 + 45 * MIN)),
        params("match[]", "weird_values{kind=~\"a.b|axb\"}", "match[]", "weird_values{kind=\"a.b\"}"),
        params("match[]", "{env=~\"|prod\",job=~\"api|cache-east\"}"),
        params("match[]", "{__name__=~\"request_duration.*\",instance=~\"10.0.0.1.*\"}"),
        params("match[]", "{job=~\"weird\",kind!~\"a.*\"}"),
        params("match[]", "nonexistent_metric"));
    Differences diffs = new Differences();
    int nonEmpty = 0;
    for (var c : cases) nonEmpty += diffs.compare("/api/v1/series", c, false, true);
    diffs.assertNone();
    assertTrue(nonEmpty >= cases.size() - 4, "too few non-empty answers to mean anything: " + nonEmpty);
  }

  @Test
  void labelNamesAndValuesMatchPrometheusWithAndWithoutMatchers() {
    String s = "start";
    String e = "end";
    String from = sec(t0 - MIN);
    String to = sec(t0 + 60 * MIN);
    record Case(String path, List<Map.Entry<String, String>> params) {}
    List<Case> cases = List.of(
        new Case("/api/v1/labels", params()),
        new Case("/api/v1/labels", params(s, from, e, to)),
        new Case("/api/v1/labels", params("match[]", "{job=\"weird\"}")),
        new Case("/api/v1/labels", params("match[]", "request_duration_seconds_bucket", "match[]", "{job=\"flappy\"}")),
        new Case("/api/v1/labels", params("match[]", "{env=\"\",job=~\".+\"}", s, from, e, to)),
        new Case("/api/v1/label/job/values", params()),
        new Case("/api/v1/label/__name__/values", params()),
        new Case("/api/v1/label/le/values", params()),
        new Case("/api/v1/label/env/values", params()),
        new Case("/api/v1/label/kind/values", params(s, from, e, to)),
        new Case("/api/v1/label/nonexistent/values", params()),
        new Case("/api/v1/label/code/values", params("match[]", "http_requests_total{job=\"cache-east\"}")),
        new Case("/api/v1/label/instance/values", params("match[]", "{__name__=~\"flappy_up|batch.*\"}")),
        new Case("/api/v1/label/instance/values", params("match[]", "{job=\"db\"}", "match[]", "{job=\"flappy\"}")),
        new Case("/api/v1/label/env/values", params("match[]", "{env=~\"|staging\",job=~\"db|cache-east\"}")),
        new Case("/api/v1/label/__name__/values", params("match[]", "{instance=\"10.0.0.1:9100\"}", s, from, e, to)),
        new Case("/api/v1/label/kind/values", params("match[]", "weird_values{kind!~\"a.b\"}")));
    Differences diffs = new Differences();
    int nonEmpty = 0;
    for (Case c : cases) nonEmpty += diffs.compare(c.path, c.params, false, true);
    diffs.assertNone();
    assertTrue(nonEmpty >= cases.size() - 2, "too few non-empty answers to mean anything: " + nonEmpty);
  }

  // ---- times

  /** Instant-query times around the data's interesting moments, nudged off the window edges. */
  static List<Long> instantTimes(long[] reaches) {
    Labels a = Labels.of("job", "flappy", "instance", "a");
    Labels b = Labels.of("job", "flappy", "instance", "b");
    Labels r1 = Labels.of("job", "batch", "instance", "runner-1");
    Labels api1 = Labels.of("job", "api", "instance", "10.0.0.1:9100");
    long staleA = data.timeOf(a, SyntheticWorkload.STALE_A);
    long resumeA = data.timeOf(a, SyntheticWorkload.RESUME_A);
    long staleB = data.timeOf(b, SyntheticWorkload.STALE_B);
    long resumeB = data.timeOf(b, SyntheticWorkload.RESUME_B);
    long stopR1 = data.timeOf(r1, SyntheticWorkload.STOP_RUNNER_1);
    long last = data.lastSample();
    // {time, direction to nudge it if it sits on a window edge}: "just before" moves earlier.
    long[][] ts = {
        {t0 - 1000, 1}, // before any data
        {data.timeOf(api1, 0), 1}, // exactly the first sample
        {staleA - 1, -1}, {staleA, 1}, {staleA + 1, 1}, {staleA + MIN, 1}, {staleA + 6 * MIN, 1}, {resumeA - 1, -1}, {resumeA, 1},
        {staleB - 1, -1}, {staleB, 1}, {staleB + 30_000, 1}, {resumeB - 1, -1}, {resumeB, 1}, {resumeB + 1, 1},
        {stopR1, 1}, {stopR1 + 1000, 1}, {stopR1 + 4 * MIN + 59_000, -1}, {stopR1 + 5 * MIN + 1000, 1}, // lookback running out
        {last, 1}, {last + 4 * MIN, 1}, {last + 6 * MIN, 1}};
    List<Long> out = new ArrayList<>();
    for (long[] t : ts) out.add(guarded(t[0], (int) t[1], reaches));
    Random rnd = new Random(SEED);
    for (int i = 0; i < 6; i++) out.add(guarded(t0 + (long) (rnd.nextDouble() * 50 * MIN), 1, reaches));
    return out;
  }

  /**
   * {@code t}, moved by milliseconds in {@code direction} until no sample lies exactly at {@code t -
   * reach} for any of the reaches (there Prometheus 2.x includes the sample and 3.x does not).
   */
  static long guarded(long t, int direction, long[] reaches) {
    long g = t;
    boolean moved = true;
    while (moved) {
      moved = false;
      for (long reach : reaches) {
        if (data.sampleTimes().contains(g - reach)) {
          g += direction;
          moved = true;
        }
      }
    }
    if (g != t) System.out.printf("differential: query time %d moved to %d off a window edge%n", t, g);
    return g;
  }

  static String sec(long ms) {
    return Long.toString(ms / 1000);
  }

  static List<Map.Entry<String, String>> params(String... nv) {
    List<Map.Entry<String, String>> l = new ArrayList<>();
    for (int i = 0; i < nv.length; i += 2) l.add(Map.entry(nv[i], nv[i + 1]));
    return l;
  }

  // ---- comparison

  /** Collects every difference of a test, to fail once with all of them. */
  static final class Differences {
    private final List<String> found = new ArrayList<>();
    private int compared;

    /** Compares one request on both; returns 1 when Prometheus's answer holds data, else 0. */
    int compare(String path, List<Map.Entry<String, String>> params, boolean sortResult, boolean seriesOrder) {
      compared++;
      PromApiClient.Reply p = prometheus.api().get(path, params);
      PromApiClient.Reply h = hearth.api().get(path, params);
      String request = describe(path, params);
      if (p.status() != 200 || p.json() == null) {
        found.add(request + "\n  prometheus itself failed (the test's request is wrong): " + p.status() + " " + p.body());
        return 0;
      }
      List<String> d = new ArrayList<>();
      if (h.status() != p.status()) d.add("HTTP status: prometheus " + p.status() + " vs hearth " + h.status());
      if (h.json() == null) {
        d.add("hearth's answer is not JSON");
      } else {
        JsonNode pj = sortResult ? JsonDiff.withSortedResult(p.json()) : p.json();
        JsonNode hj = sortResult ? JsonDiff.withSortedResult(h.json()) : h.json();
        d.addAll(prefixed("$.status", JsonDiff.diff(pj.path("status"), hj.path("status"), seriesOrder, 5)));
        d.addAll(prefixed("$.data", JsonDiff.diff(pj.path("data"), hj.path("data"), seriesOrder, 15)));
        d.addAll(prefixed("$.warnings", JsonDiff.diff(pj.path("warnings"), hj.path("warnings"), seriesOrder, 5)));
      }
      if (!d.isEmpty()) {
        found.add(request + "\n    " + String.join("\n    ", d)
            + "\n  prometheus: " + clip(p.body()) + "\n  hearth:     " + clip(h.body()));
      }
      JsonNode data = p.json().path("data");
      JsonNode result = data.has("result") ? data.get("result") : data;
      return result.isArray() && result.size() > 0 ? 1 : 0;
    }

    void assertNone() {
      assertTrue(found.isEmpty(), found.size() + " of " + compared + " requests answered differently by hearth and prometheus 2.42 (t0="
          + t0 + "):\n\n" + String.join("\n\n", found));
    }

    private static List<String> prefixed(String prefix, List<String> lines) {
      List<String> out = new ArrayList<>();
      for (String l : lines) out.add(l.startsWith("$") ? prefix + l.substring(1) : l);
      return out;
    }

    private static String describe(String path, List<Map.Entry<String, String>> params) {
      StringBuilder sb = new StringBuilder("GET ").append(path);
      char sep = '?';
      for (var e : params) {
        sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
        sep = '&';
      }
      return sb.toString();
    }

    private static String clip(String s) {
      return s.length() > 1500 ? s.substring(0, 1500) + "...(" + s.length() + " chars)" : s;
    }
  }
}
