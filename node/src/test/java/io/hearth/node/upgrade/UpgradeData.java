package io.hearth.node.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.process.HearthProcess;
import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.sharding.api.FloatHistogram;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The series an upgrade fixture holds, written the same way by {@link UpgradeFixtureMaker} (into a
 * node of the previous release) and by {@link UpgradeFromPreviousReleaseTest} (after the upgrade):
 * four float series (short decimals, which the cold segment codec re-encodes, and irrational values,
 * which it keeps verbatim), a counter and a native histogram, one sample a minute for six hours of
 * fixed timestamps in November 2023, so the head cuts segments and an index block.
 */
final class UpgradeData {
  static final long T0 = 1_700_000_000_000L;
  static final long STEP = 60_000L;
  /** Samples per series in the fixture. */
  static final int STEPS = 360;
  static final int SERIES = 6;
  /** Far beyond the fixture's age, so retention keeps it whenever the test runs. */
  static final String RETENTION = "--storage.tsdb.retention.time=36500d";
  static final String SELECTOR = "{__name__=~\"upgrade_.+\"}";

  private static final ObjectMapper JSON = new ObjectMapper();

  private UpgradeData() {}

  static double floatValue(int series, int step) {
    return series < 3 ? series * 100 + step * 0.25 : Math.sin(step) * 1e3;
  }

  static FloatHistogram histogram(int step) {
    FloatHistogram h = new FloatHistogram();
    h.schema = 0;
    h.zeroThreshold = 1e-128;
    h.zeroCount = step % 3;
    h.positiveSpans = new int[] {0, 2};
    h.positiveBuckets = new double[] {step, 2.0 * step + 1};
    h.count = h.zeroCount + 3.0 * step + 1;
    h.sum = step * 1.5;
    return h;
  }

  /** Writes steps {@code [from, to)} of every series, {@code perRequest} steps per remote-write request. */
  static void write(HearthProcess p, int from, int to, int perRequest) throws Exception {
    for (int a = from; a < to; a += perRequest) {
      int b = Math.min(to, a + perRequest);
      WriteRequestBuilder w = WriteRequestBuilder.v1();
      for (int s = 0; s < 4; s++) {
        w.series("__name__", "upgrade_float", "job", "upgrade", "series", Integer.toString(s));
        for (int i = a; i < b; i++) w.sample(T0 + i * STEP, floatValue(s, i));
      }
      w.series("__name__", "upgrade_requests_total", "job", "upgrade");
      for (int i = a; i < b; i++) w.sample(T0 + i * STEP, 3.0 * i);
      w.series("__name__", "upgrade_latency_seconds", "job", "upgrade");
      for (int i = a; i < b; i++) w.histogram(T0 + i * STEP, histogram(i));
      PromApiClient.Reply r = p.api().remoteWrite(w.buildSnappy());
      if (r.status() != 204) throw new IllegalStateException("remote write answered " + r.status() + ": " + r.body());
    }
  }

  /** Every raw sample of the fixture's series up to step {@code steps} (exclusive): the {@code data.result} of a range selector. */
  static JsonNode readAll(HearthProcess p, int steps) throws Exception {
    long end = T0 + (steps - 1) * STEP;
    String q = SELECTOR + "[" + (steps * STEP / 1000) + "s]";
    JsonNode n = get(p, "/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&time=" + end / 1000.0);
    if (!"success".equals(n.path("status").asText())) throw new IllegalStateException("query failed: " + n);
    return n.path("data").path("result");
  }

  /** Samples (floats and histograms) in a {@link #readAll} answer. */
  static int sampleCount(JsonNode result) {
    int n = 0;
    for (JsonNode s : result) n += s.path("values").size() + s.path("histograms").size();
    return n;
  }

  /** Series names in a {@link #readAll} answer, in its order. */
  static List<String> seriesOf(JsonNode result) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : result) out.add(s.path("metric").toString());
    return out;
  }

  /** The answer to a GET of {@code pathAndQuery}, parsed with {@link #json()} (floats as doubles, as the fixture's expectations). */
  static JsonNode get(HearthProcess p, String pathAndQuery) throws IOException {
    return JSON.readTree(p.api().get(pathAndQuery, List.of()).body());
  }

  static int post(HearthProcess p, String path) {
    return p.api().post(path).status();
  }

  /** The value of an unlabelled gauge in /metrics (0 when absent). */
  static double metric(HearthProcess p, String name) {
    for (String line : p.api().text("/metrics").split("\n")) {
      if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).trim());
    }
    return 0;
  }

  /** SIGTERM; the JVM exits through its shutdown hook (status 143) or with 0, within a minute. */
  static void stopGracefully(HearthProcess p) throws InterruptedException {
    int code = p.stop(Duration.ofSeconds(60));
    if (code != 0 && code != 143) throw new IllegalStateException("no graceful stop: exit status " + code + "; log " + p.log);
  }

  static ObjectMapper json() {
    return JSON;
  }

  static Path fixtureRoot() {
    return Path.of("src", "test", "resources", "upgrade");
  }
}
