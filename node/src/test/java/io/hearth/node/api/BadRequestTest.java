package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.node.HearthNode;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.remote.RemoteWriteBody;
import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.sharding.api.Labels;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table of bad requests: each gets its documented status and message, and none of them changes
 * what was stored before it.
 */
class BadRequestTest {
  @TempDir static Path dir;
  static HearthNode node;
  static String base;
  static final long T0 = System.currentTimeMillis() - 600_000;

  @BeforeAll
  static void start() throws Exception {
    node = io.hearth.node.it.TestNodeConfig.of(dir, "bad-requests").start();
    base = "http://127.0.0.1:" + node.address().getPort();
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  record Case(String name, String method, String path, Map<String, String> headers, byte[] body, int status, String message) {}

  static byte[] snappy(byte[] raw) {
    return RemoteWriteBody.compress(raw, 0, raw.length);
  }

  static Map<String, String> rw() {
    return Map.of("Content-Type", "application/x-protobuf", "Content-Encoding", "snappy", "X-Prometheus-Remote-Write-Version", "0.1.0");
  }

  static PromApiClient.Reply send(String method, String path, Map<String, String> headers, byte[] body) {
    return new PromApiClient(URI.create(base), Duration.ofSeconds(20)).send(method, path, body, headers);
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String storedGood() throws Exception {
    PromApiClient.Reply r = send("GET", "/api/v1/query?query=" + q("good[1h]") + "&time=" + (T0 + 60_000) / 1000.0, Map.of(), null);
    assertEquals(200, r.status(), r.body());
    return r.body();
  }

  @Test
  void everyBadRequestGetsItsStatusAndMessageAndStoredDataStaysIntact() throws Exception {
    WriteRequestBuilder good = WriteRequestBuilder.v1();
    for (int s = 0; s < 5; s++) {
      good.series(Labels.of("__name__", "good", "s", Integer.toString(s)));
      for (int i = 0; i < 5; i++) good.sample(T0 + i * 15_000L, s * 10 + i);
    }
    assertEquals(204, send("POST", "/api/v1/write", rw(), good.buildSnappy()).status());
    String before = storedGood();
    assertEquals(25, countValues(before));

    byte[] valid = WriteRequestBuilder.v1().series("__name__", "x", "a", "1").sample(T0, 1).build();
    byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 3);
    byte[] wrongWire = new byte[] {0x0d, 0, 0, 0, 0}; // field 1 (timeseries) with wire type 5
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("bad snappy", "POST", "/api/v1/write", rw(), new byte[] {1, 2, 3, 4, 5}, 400, "snappy: corrupt input"));
    cases.add(new Case("truncated protobuf", "POST", "/api/v1/write", rw(), snappy(truncated), 400, "unexpected EOF"));
    cases.add(new Case("wrong wire type", "POST", "/api/v1/write", rw(), snappy(wrongWire), 400, "wrong wireType"));
    cases.add(new Case("series without __name__", "POST", "/api/v1/write", rw(),
        WriteRequestBuilder.v1().series("job", "x").sample(T0, 1).buildSnappy(), 400, "invalid metric name or labels"));
    cases.add(new Case("empty label name", "POST", "/api/v1/write", rw(),
        WriteRequestBuilder.v1().series("", "v", "__name__", "x").sample(T0, 1).buildSnappy(), 400, "invalid metric name or labels"));
    cases.add(new Case("duplicate label names", "POST", "/api/v1/write", rw(),
        WriteRequestBuilder.v1().series("__name__", "x", "a", "1", "a", "2").sample(T0, 1).buildSnappy(), 400, "duplicated label a"));
    cases.add(new Case("unsorted label names", "POST", "/api/v1/write", rw(),
        WriteRequestBuilder.v1().series("__name__", "x", "b", "1", "a", "2").sample(T0, 1).buildSnappy(), 400, "label names not sorted"));
    cases.add(new Case("invalid UTF-8 label value", "POST", "/api/v1/write", rw(),
        WriteRequestBuilder.v1().seriesBytes("__name__".getBytes(), "x".getBytes(), "a".getBytes(), new byte[] {(byte) 0xff, (byte) 0xfe})
            .sample(T0, 1).buildSnappy(), 400, "invalid"));
    cases.add(new Case("out-of-order sample", "POST", "/api/v1/write", rw(),
        WriteRequestBuilder.v1().series(Labels.of("__name__", "good", "s", "0")).sample(T0 - 1000, 1).buildSnappy(), 400,
        "out of order sample: 1 samples rejected"));
    cases.add(new Case("duplicate timestamp, other value", "POST", "/api/v1/write", rw(),
        WriteRequestBuilder.v1().series(Labels.of("__name__", "good", "s", "0")).sample(T0 + 60_000, 999).buildSnappy(), 400,
        "duplicate sample for timestamp"));
    cases.add(new Case("empty body", "POST", "/api/v1/write", rw(), new byte[0], 400, "empty request body"));
    long farFuture = System.currentTimeMillis() + 86_400_000L * 365 * 75;
    cases.add(new Case("sample far in the future", "POST", "/api/v1/write", rw(),
        WriteRequestBuilder.v1().series(Labels.of("__name__", "good", "s", "1")).sample(farFuture, 1).buildSnappy(), 400,
        "out of bounds: sample too far in the future (bound: now + 600s"));
    cases.add(new Case("sample older than retention", "POST", "/api/v1/write", rw(),
        WriteRequestBuilder.v1().series(Labels.of("__name__", "good", "s", "1")).sample(T0 - 20L * 86_400_000, 1).buildSnappy(), 400,
        "out of bounds: 1 samples rejected"));
    cases.add(new Case("body over the size limit", "POST", "/api/v1/write", rw(), new byte[65 << 20], 413, ""));
    cases.add(new Case("gzip encoding", "POST", "/api/v1/write",
        Map.of("Content-Type", "application/x-protobuf", "Content-Encoding", "gzip"), snappy(valid), 415,
        "gzip encoding (compression) is not accepted by this server; only snappy is acceptable"));
    cases.add(new Case("json content type", "POST", "/api/v1/write",
        Map.of("Content-Type", "application/json", "Content-Encoding", "snappy"), snappy(valid), 415,
        "expected application/x-protobuf as the first (media) part"));
    cases.add(new Case("GET on the write endpoint", "GET", "/api/v1/write", Map.of(), null, 405, "Method Not Allowed"));
    cases.add(new Case("query syntax error", "GET", "/api/v1/query?query=" + q("sum(up"), Map.of(), null, 400, "parse error"));
    cases.add(new Case("bad time parameter", "GET", "/api/v1/query?query=up&time=yesterday", Map.of(), null, 400,
        "invalid parameter \\\"time\\\": cannot parse \\\"yesterday\\\" to a valid timestamp"));
    cases.add(new Case("range end before start", "GET", "/api/v1/query_range?query=up&start=100&end=50&step=15", Map.of(), null, 400,
        "end timestamp must not be before start time"));
    cases.add(new Case("zero step", "GET", "/api/v1/query_range?query=up&start=0&end=50&step=0", Map.of(), null, 400,
        "zero or negative query resolution step widths are not accepted. Try a positive integer"));
    cases.add(new Case("too many points", "GET", "/api/v1/query_range?query=up&start=0&end=100000&step=1", Map.of(), null, 400,
        "exceeded maximum resolution of 11,000 points per timeseries"));
    cases.add(new Case("series without match[]", "GET", "/api/v1/series", Map.of(), null, 400, "no match[] parameter provided"));
    cases.add(new Case("empty-matching selector", "GET", "/api/v1/series?match[]=" + q("{a=\"\"}"), Map.of(), null, 400,
        "match[] must contain at least one non-empty matcher"));
    cases.add(new Case("many-to-many matching", "GET", "/api/v1/query?query=" + q("good + on() good") + "&time=" + (T0 + 60_000) / 1000.0,
        Map.of(), null, 422, "many-to-many matching not allowed"));
    cases.add(new Case("unknown endpoint", "GET", "/api/v1/nope", Map.of(), null, 404, "404 page not found"));

    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      PromApiClient.Reply r;
      try {
        r = send(c.method, c.path, c.headers, c.body);
      } catch (java.io.UncheckedIOException e) {
        failures.add(c.name + ": request failed: " + e);
        continue;
      }
      if (r.status() != c.status || !r.body().contains(c.message)) {
        failures.add(c.name + ": expected " + c.status + " with \"" + c.message + "\", got " + r.status() + " " + r.body());
      }
      if (c.status == 400 && c.path.startsWith("/api/v1/query") && !r.body().contains("\"errorType\":\"bad_data\"")) {
        failures.add(c.name + ": expected errorType bad_data, got " + r.body());
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    assertTrue(cases.size() >= 15);
    assertEquals(before, storedGood(), "stored data changed by bad requests");
  }

  static int countValues(String body) throws Exception {
    int n = 0;
    JsonNode res = new ObjectMapper().readTree(body).path("data").path("result");
    for (JsonNode s : res) n += s.path("values").size();
    return n;
  }
}
