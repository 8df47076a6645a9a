package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.testing.LoopbackPorts;
import java.nio.charset.StandardCharsets;
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
 * Exemplars against Debian's Prometheus 2.42 with {@code --enable-feature=exemplar-storage} and the
 * same {@code storage.exemplars.max_exemplars} (40, so the ring overflows): the same remote-write
 * requests with exemplars, valid and not (labels over 128 characters, out of order, exact duplicates,
 * a repeated timestamp with another value), then {@code /api/v1/query_exemplars} for several queries
 * and ranges must answer the same JSON, errors included. Prometheus sorts series and keeps each
 * series' exemplars in arrival order, so nothing needs normalising.
 */
class ExemplarDifferentialTest {
  static final String CONFIG = "global:\n  scrape_interval: 15s\nstorage:\n  exemplars:\n    max_exemplars: 40\n";

  @TempDir static Path dir;
  static PrometheusFixture prometheus;
  static HearthFixture hearth;
  static long t0;

  static Labels series(String name, String job) {
    return Labels.of("__name__", name, "job", job);
  }

  @BeforeAll
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  static void start() throws Exception {
    t0 = System.currentTimeMillis() / 1000 * 1000 - 10 * 60_000;
    prometheus = PrometheusFixture.start(dir.resolve("prometheus"), PrometheusFixture.reservePort(), CONFIG,
        List.of("--enable-feature=exemplar-storage"));
    hearth = HearthFixture.start(dir.resolve("hearth"), "it-exemplars", LoopbackPorts.freePair(), List.of(), 1, CONFIG);
  }

  @AfterAll
  static void stop() {
    try {
      if (prometheus != null) prometheus.close();
    } finally {
      if (hearth != null) hearth.close();
    }
  }

  static void both(WriteRequestBuilder b) {
    byte[] body = b.buildSnappy();
    PromApiClient.Reply p = prometheus.api().remoteWrite(body);
    PromApiClient.Reply h = hearth.api().remoteWrite(body);
    assertEquals(204, p.status(), "prometheus: " + p.body());
    assertEquals(204, h.status(), "hearth: " + h.body());
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void remoteWrittenExemplarsAreKeptRefusedAndAnsweredAsPrometheusDoes() throws Exception {
    // Two exemplars per series, with one or two labels.
    WriteRequestBuilder first = WriteRequestBuilder.v1();
    String[] jobs = {"a", "b", "c"};
    for (int k = 0; k < jobs.length; k++) {
      first.series(series("ex_requests_total", jobs[k])).sample(t0, k)
          .exemplar(k + 0.5, t0, "trace_id", "t1-" + k)
          .exemplar(k + 1.25, t0 + 1_000, "trace_id", "t2-" + k, "span_id", "s" + k);
    }
    first.series(series("ex_latency_seconds", "a")).sample(t0, 0.2).exemplar(0.123, t0 + 250, "trace_id", "lat-1");
    both(first);

    // Refused or ignored ones between valid ones.
    WriteRequestBuilder second = WriteRequestBuilder.v1();
    second.series(series("ex_requests_total", "a")).sample(t0 + 15_000, 10)
        .exemplar(1, t0 + 15_000, "trace_id", "x".repeat(121)) // 8 + 121 characters: too long
        .exemplar(2, t0 + 500, "trace_id", "late") // before the newest: out of order
        .exemplar(3, t0 + 15_000, "trace_id", "é".repeat(120)); // 128 characters, 248 bytes: taken
    second.series(series("ex_requests_total", "b")).sample(t0 + 15_000, 11)
        .exemplar(2.25, t0 + 1_000, "trace_id", "t2-1", "span_id", "s1") // exact duplicate: ignored
        .exemplar(9, t0 + 1_000, "trace_id", "t2-1", "span_id", "s1") // same time, other value: out of order
        .exemplar(4, t0 + 16_000, "trace_id", "t3-1", "empty", ""); // the empty label is dropped
    second.series(series("ex_requests_total", "c")).sample(t0 + 15_000, 12)
        .exemplar(5, t0 + 16_000) // no labels at all
        .exemplar(Double.NaN, t0 + 17_000, "trace_id", "nan")
        .exemplar(Double.POSITIVE_INFINITY, t0 + 18_000, "trace_id", "inf");
    second.series(series("ex_latency_seconds", "a")).sample(t0 + 15_000, 0.3)
        .exemplar(1e-7, t0 + 15_001, "trace_id", "tiny")
        .exemplar(-2.5e21, t0 + 15_002, "trace_id", "huge");
    both(second);

    // A flood through the 40-slot ring: the oldest exemplars of the node are overwritten.
    WriteRequestBuilder flood = WriteRequestBuilder.v1().series(series("ex_flood", "f")).sample(t0 + 30_000, 1);
    for (int i = 0; i < 27; i++) flood.exemplar(i, t0 + 30_000 + i * 100, "trace_id", "f" + i);
    both(flood);

    String all0 = PromApiClient.time(t0 - 60_000);
    String all1 = PromApiClient.time(t0 + 60_000);
    List<List<Map.Entry<String, String>>> requests = List.of(
        List.of(Map.entry("query", "ex_requests_total")),
        List.of(Map.entry("query", "{__name__=~\"ex_.+\"}"), Map.entry("start", all0), Map.entry("end", all1)),
        List.of(Map.entry("query", "rate(ex_requests_total{job=\"b\"}[5m])"), Map.entry("start", PromApiClient.time(t0 + 500)),
            Map.entry("end", PromApiClient.time(t0 + 16_000))),
        List.of(Map.entry("query", "sum(ex_latency_seconds) / sum by (job) (ex_requests_total{job!=\"a\"})"),
            Map.entry("start", all0), Map.entry("end", all1)),
        List.of(Map.entry("query", "ex_flood"), Map.entry("start", PromApiClient.time(t0 + 31_000)),
            Map.entry("end", PromApiClient.time(t0 + 31_500))),
        List.of(Map.entry("query", "max_over_time(ex_latency_seconds[1h:1m])"), Map.entry("start", PromApiClient.time(t0 + 15_001)),
            Map.entry("end", PromApiClient.time(t0 + 15_001))),
        List.of(Map.entry("query", "ex_nothing")),
        List.of(Map.entry("query", "1 + 1")),
        List.of(Map.entry("query", "ex_flood"), Map.entry("start", all1), Map.entry("end", all0)),
        List.of(Map.entry("query", "ex_flood"), Map.entry("start", "yesterday")),
        List.of(Map.entry("query", "ex_flood{")));
    List<String> diffs = new ArrayList<>();
    for (List<Map.Entry<String, String>> q : requests) {
      PromApiClient.Reply p = prometheus.api().get("/api/v1/query_exemplars", q);
      PromApiClient.Reply h = hearth.api().get("/api/v1/query_exemplars", q);
      boolean same = p.status() == h.status() && (p.status() == 204 || h.json() != null && p.json() != null);
      if (same && p.status() == 204) {
        same = h.body().isEmpty();
      } else if (same && p.status() == 200) {
        same = p.json().get("data").equals(h.json().get("data"));
      } else if (same) {
        // Parse and time errors are worded as Prometheus 3.x and Hearth's other endpoints word
        // them; the status and error type must agree, other messages too.
        boolean wording = q.get(0).getValue().endsWith("{") || q.contains(Map.entry("start", "yesterday"));
        same = p.json().get("errorType").equals(h.json().get("errorType"))
            && (wording || p.json().get("error").equals(h.json().get("error")));
      }
      if (!same) diffs.add(q + "\n  prometheus: " + p.status() + " " + clip(p.body()) + "\n  hearth:     " + h.status() + " " + clip(h.body()));
    }
    assertEquals(List.of(), diffs, "answers differ from Prometheus 2.42");

    // The ring really overflowed and the refused ones are absent (not only equal to Prometheus).
    JsonNode everything = hearth.api().get("/api/v1/query_exemplars", requests.get(1)).json().get("data");
    int n = 0;
    for (JsonNode s : everything) n += s.get("exemplars").size();
    assertEquals(40, n, everything.toString());
    String text = everything.toString();
    assertTrue(!text.contains("\"trace_id\":\"late\"") && !text.contains("\"value\":\"9\",\"timestamp\":" + (t0 / 1000 + 1))
        && !text.contains("xxxx") && !text.contains("t1-0"), "refused and overwritten exemplars are absent: " + text);
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void postFormAndRemoteWrite2AreAnsweredLikeGetAndVersion1() throws Exception {
    long t = t0 + 120_000;
    byte[] v2 = WriteRequestBuilder.v2().series(series("ex_v2_total", "v2")).sample(t, 1)
        .exemplar(7.5, t, "trace_id", "v2-trace").buildSnappy();
    PromApiClient api = hearth.api();
    PromApiClient.Reply w = api.remoteWriteV2(v2);
    assertEquals(204, w.status(), w.body());
    assertEquals("1", w.headers().firstValue("X-Prometheus-Remote-Write-Exemplars-Written").orElse(""));
    String form = "query=" + PromApiClient.enc("ex_v2_total") + "&start=" + PromApiClient.time(t - 1000) + "&end=" + PromApiClient.time(t + 1000);
    PromApiClient.Reply post = api.post("/api/v1/query_exemplars", form.getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/x-www-form-urlencoded");
    assertEquals(200, post.status(), post.body());
    String expected = "{\"status\":\"success\",\"data\":[{\"seriesLabels\":{\"__name__\":\"ex_v2_total\",\"job\":\"v2\"},"
        + "\"exemplars\":[{\"labels\":{\"trace_id\":\"v2-trace\"},\"value\":\"7.5\",\"timestamp\":" + t / 1000 + "}]}]}";
    assertEquals(expected, post.body());
  }

  static String clip(String s) {
    return s.length() > 800 ? s.substring(0, 800) + "..." : s;
  }
}
