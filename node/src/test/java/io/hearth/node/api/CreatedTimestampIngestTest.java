package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.HearthNode;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.remote.WriteRequestBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started with {@code --enable-feature=created-timestamp-zero-ingestion}: remote write 2.0
 * created timestamps become zero samples where Prometheus 3 adds them, and never cause a 400.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CreatedTimestampIngestTest {
  @TempDir static Path dir;
  static HearthNode node;
  static String base;
  static PromApiClient api;
  static final long T0 = (System.currentTimeMillis() - 600_000) / 1000 * 1000;

  @BeforeAll
  static void start() throws Exception {
    node = io.hearth.node.it.TestNodeConfig.of(dir, "created-ts")
        .flags(Map.of("enable-feature", "native-histograms,created-timestamp-zero-ingestion")).start();
    base = "http://127.0.0.1:" + node.address().getPort();
    api = new PromApiClient(URI.create(base), Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  static PromApiClient.Reply write(WriteRequestBuilder b) {
    return api.remoteWriteV2(b.buildSnappy());
  }

  /** The instant query's single float value, or NaN when the result is empty. */
  static double query(String q, long atMs) {
    JsonNode result = instant(q, atMs).path("data").path("result");
    return result.isEmpty() ? Double.NaN : Double.parseDouble(result.get(0).path("value").get(1).asText());
  }

  private static JsonNode instant(String q, long atMs) {
    PromApiClient.Reply r = api.get("/api/v1/query", List.of(Map.entry("query", q), Map.entry("time", Double.toString(atMs / 1000.0))));
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  /** Timestamps (ms) of a series' samples within the hour before {@code atMs}. */
  static List<Long> times(String series, long atMs) throws Exception {
    JsonNode result = instant(series + "[1h]", atMs).path("data").path("result");
    if (result.isEmpty()) return List.of();
    List<Long> out = new java.util.ArrayList<>();
    for (JsonNode v : result.get(0).path("values")) out.add(Math.round(v.get(0).asDouble() * 1000));
    return out;
  }

  @Test
  void freshCounterGetsZeroAtCreatedTimeSoIncreaseEqualsItsValue() throws Exception {
    PromApiClient.Reply r = write(WriteRequestBuilder.v2().series("__name__", "fresh_total", "job", "a").createdTimestamp(T0)
        .sample(T0 + 60_000, 10).sample(T0 + 120_000, 20));
    assertEquals(204, r.status(), r.body());
    assertEquals("2", r.headers().firstValue("X-Prometheus-Remote-Write-Samples-Written").orElse(""), "the zero sample is not counted as written");
    assertEquals(List.of(T0, T0 + 60_000, T0 + 120_000), times("fresh_total", T0 + 120_000));
    assertEquals(0.0, query("fresh_total", T0));
    // Without the zero sample Prometheus's extrapolation would give 15.
    assertEquals(20.0, query("increase(fresh_total[3m])", T0 + 120_000), 1e-9);
  }

  @Test
  void noZeroWhenCreatedIsNotBeforeTheFirstSample() throws Exception {
    assertEquals(204, write(WriteRequestBuilder.v2().series("__name__", "same_total").createdTimestamp(T0 + 60_000)
        .sample(T0 + 60_000, 3)).status());
    assertEquals(204, write(WriteRequestBuilder.v2().series("__name__", "later_total").createdTimestamp(T0 + 90_000)
        .sample(T0 + 60_000, 3)).status());
    assertEquals(List.of(T0 + 60_000), times("same_total", T0 + 120_000));
    assertEquals(List.of(T0 + 60_000), times("later_total", T0 + 120_000));
  }

  @Test
  void zeroAtOrBeforeTheLastStoredSampleIsSkippedWithoutA400() throws Exception {
    assertEquals(204, write(WriteRequestBuilder.v2().series("__name__", "old_total").sample(T0 + 60_000, 5)).status());
    // Older than the stored sample (the usual case: a long-lived counter sends its created time every time).
    PromApiClient.Reply r = write(WriteRequestBuilder.v2().series("__name__", "old_total").createdTimestamp(T0 + 30_000)
        .sample(T0 + 120_000, 6));
    assertEquals(204, r.status(), r.body());
    // Equal to it.
    r = write(WriteRequestBuilder.v2().series("__name__", "old_total").createdTimestamp(T0 + 120_000).sample(T0 + 180_000, 7));
    assertEquals(204, r.status(), r.body());
    // A retried request: its samples are duplicates, its zero out of order; still no 400.
    r = write(WriteRequestBuilder.v2().series("__name__", "old_total").createdTimestamp(T0 + 120_000).sample(T0 + 180_000, 7));
    assertEquals(204, r.status(), r.body());
    assertEquals(List.of(T0 + 60_000, T0 + 120_000, T0 + 180_000), times("old_total", T0 + 200_000));
  }

  @Test
  void counterResetWithNewerCreatedTimeGetsItsZero() throws Exception {
    assertEquals(204, write(WriteRequestBuilder.v2().series("__name__", "reset_total").createdTimestamp(T0)
        .sample(T0 + 60_000, 50)).status());
    // The process restarted at T0 + 90s: created is newer than the stored sample.
    assertEquals(204, write(WriteRequestBuilder.v2().series("__name__", "reset_total").createdTimestamp(T0 + 90_000)
        .sample(T0 + 120_000, 4)).status());
    assertEquals(List.of(T0, T0 + 60_000, T0 + 90_000, T0 + 120_000), times("reset_total", T0 + 200_000));
  }
}
