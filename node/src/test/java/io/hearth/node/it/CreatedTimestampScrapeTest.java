package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hearth.scrape.textparse.ProtoBody;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scraped created timestamps (OpenMetrics {@code _created} lines, protobuf {@code created_timestamp})
 * with and without {@code --enable-feature=created-timestamp-zero-ingestion}, from test targets on
 * loopback scraped every second.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CreatedTimestampScrapeTest {
  @TempDir Path dir;
  private HttpServer server;
  private final long startMs = System.currentTimeMillis() / 1000 * 1000;
  /** Created times, seconds. */
  private final long freshCt = startMs / 1000 - 120;
  private final long latCt = startMs / 1000 - 100;
  private volatile double movedCt = startMs / 1000.0 - 90;

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    context("/metrics", "application/openmetrics-text; version=1.0.0; charset=utf-8", () -> ("# TYPE fresh counter\n"
        + "fresh_total 42\n"
        + "fresh_created " + freshCt + ".25\n"
        + "# TYPE lat histogram\n"
        + "lat_bucket{le=\"0.5\"} 3\n"
        + "lat_bucket{le=\"+Inf\"} 4\n"
        + "lat_count 4\n"
        + "lat_sum 1.5\n"
        + "lat_created " + latCt + "\n"
        + "# TYPE future counter\n"
        + "future_total 5\n"
        + "future_created " + (startMs / 1000 + 3600) + "\n"
        + "# TYPE moved counter\n"
        + "moved_total 7\n"
        + "moved_created " + String.format(java.util.Locale.ROOT, "%.3f", movedCt) + "\n"
        + "# EOF\n").getBytes(StandardCharsets.UTF_8));
    ProtoBody nativeH = ProtoBody.msg().varint(1, 3).dbl(2, 1.5).sint(5, 0).dbl(6, 0.001).varint(7, 1)
        .msg(12, ProtoBody.span(0, 1)).packedSint(13, 2).msg(15, ProtoBody.timestamp(startMs / 1000 - 80, 0));
    byte[] proto = ProtoBody.delimited(
        ProtoBody.family("pcount_total", "", ProtoBody.COUNTER, ProtoBody.metric().msg(3,
            ProtoBody.msg().dbl(1, 9).msg(3, ProtoBody.timestamp(startMs / 1000 - 70, 500_000_000)))),
        ProtoBody.family("psum", "", ProtoBody.SUMMARY, ProtoBody.metric().msg(4,
            ProtoBody.msg().varint(1, 2).dbl(2, 3).msg(4, ProtoBody.timestamp(startMs / 1000 - 60, 0)))),
        ProtoBody.family("pnative", "", ProtoBody.HISTOGRAM, ProtoBody.metric().histogram(nativeH)));
    context("/proto", ProtoBody.CONTENT_TYPE, () -> proto);
    server.start();
  }

  private void context(String path, String contentType, Supplier<byte[]> body) {
    server.createContext(path, ex -> {
      try (ex) {
        ex.getRequestBody().readAllBytes();
        byte[] b = body.get();
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(b);
        }
      }
    });
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String config() {
    String target = "['127.0.0.1:" + server.getAddress().getPort() + "']";
    return "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n"
        + "  - job_name: om\n    static_configs:\n      - targets: " + target + "\n"
        + "  - job_name: proto\n    metrics_path: /proto\n    scrape_protocols: [PrometheusProto]\n"
        + "    scrape_native_histograms: true\n    static_configs:\n      - targets: " + target + "\n";
  }

  private HearthFixture node(String name, boolean feature) throws Exception {
    Map<String, String> flags = feature ? Map.of("enable-feature", "created-timestamp-zero-ingestion") : Map.of();
    return HearthFixture.start(dir.resolve(name), name, LoopbackPorts.freePair(), List.of(), 1, config(), flags);
  }

  @Test
  void withTheFeatureCreatedTimesBecomeZeroSamplesAndCreatedSeriesAreNotStored() throws Exception {
    try (HearthFixture hearth = node("ct-on", true)) {
      PromApiClient api = hearth.api();
      awaitSamples(api, "fresh_total", 3);
      awaitSamples(api, "pcount_total", 2);
      List<double[]> fresh = samples(api, "fresh_total");
      assertEquals(freshCt * 1000 + 250, (long) fresh.get(0)[0], "the zero sample at the created time: " + fresh);
      assertEquals(0.0, fresh.get(0)[1]);
      for (double[] s : fresh.subList(1, fresh.size())) assertEquals(42.0, s[1], "one zero only: " + fresh);
      long last = (long) fresh.get(fresh.size() - 1)[0];
      assertEquals(42.0, scalar(api, "increase(fresh_total[10m])", last), 1e-9, "a fresh counter's increase is its value");
      for (String s : List.of("lat_bucket{le=\"0.5\"}", "lat_bucket{le=\"+Inf\"}", "lat_count", "lat_sum")) {
        double[] first = samples(api, s).get(0);
        assertEquals(latCt * 1000, (long) first[0], s);
        assertEquals(0.0, first[1], s);
      }
      assertEquals(0, api.get("/api/v1/query", List.of(Map.entry("query", "{__name__=~\".+_created\"}"))).json()
          .path("data").path("result").size(), "no _created series");
      List<double[]> future = samples(api, "future_total");
      for (double[] s : future) assertEquals(5.0, s[1], "a created time after the sample adds nothing: " + future);

      // A created time not newer than what the series holds adds nothing either.
      List<double[]> moved = samples(api, "moved_total");
      assertEquals(0.0, moved.get(0)[1]);
      movedCt = moved.get(moved.size() - 1)[0] / 1000.0 - 0.5;
      int before = moved.size();
      awaitSamples(api, "moved_total", before + 2);
      moved = samples(api, "moved_total");
      long zeros = moved.stream().filter(s -> s[1] == 0).count();
      assertEquals(1, zeros, "the zero of the old created time only: " + render(moved));

      // Protobuf: counter, summary's count and sum, and a native histogram (an empty one at the created time).
      List<double[]> pc = samples(api, "pcount_total");
      assertEquals((startMs / 1000 - 70) * 1000 + 500, (long) pc.get(0)[0]);
      assertEquals(0.0, pc.get(0)[1]);
      assertEquals(9.0, pc.get(1)[1]);
      for (String s : List.of("psum_count", "psum_sum")) {
        double[] first = samples(api, s).get(0);
        assertEquals((startMs / 1000 - 60) * 1000, (long) first[0], s);
        assertEquals(0.0, first[1], s);
      }
      long nativeCt = (startMs / 1000 - 80) * 1000;
      assertEquals(0.0, scalar(api, "histogram_count(pnative)", nativeCt + 1), "an empty histogram at the created time");
      assertTrue(Double.isNaN(scalar(api, "histogram_count(pnative)", nativeCt - 1)), "nothing before it");

      // Zero samples that storage does not take are never counted as rejected.
      assertEquals(1.0, scalar(api, "min_over_time(up{job=\"om\"}[10m])", System.currentTimeMillis()));
      assertTrue(api.text("/metrics").contains("\nhearth_head_samples_out_of_order_total 0\n"),
          "no sample counted out of order");
    }
  }

  @Test
  void withoutTheFeatureCreatedSeriesAreStoredAndNoZeroIsAdded() throws Exception {
    try (HearthFixture hearth = node("ct-off", false)) {
      PromApiClient api = hearth.api();
      awaitSamples(api, "fresh_total", 2);
      awaitSamples(api, "pcount_total", 2);
      for (double[] s : samples(api, "fresh_total")) assertEquals(42.0, s[1]);
      assertEquals(freshCt + 0.25, samples(api, "fresh_created").get(0)[1]);
      assertEquals(latCt, samples(api, "lat_created").get(0)[1]);
      for (double[] s : samples(api, "lat_bucket{le=\"+Inf\"}")) assertEquals(4.0, s[1]);
      for (double[] s : samples(api, "pcount_total")) assertEquals(9.0, s[1]);
      assertEquals(0, api.get("/api/v1/query", List.of(Map.entry("query", "{__name__=~\"pcount_created|psum_created\"}")))
          .json().path("data").path("result").size(), "protobuf exposes no _created series");
    }
  }

  /** The series' samples of the last 10 minutes as {t ms, value}. */
  private static List<double[]> samples(PromApiClient api, String series) {
    JsonNode r = api.get("/api/v1/query", List.of(Map.entry("query", series + "[10m]"),
        Map.entry("time", PromApiClient.time(System.currentTimeMillis())))).json().path("data").path("result");
    List<double[]> out = new ArrayList<>();
    if (r.isEmpty()) return out;
    for (JsonNode v : r.get(0).path("values")) {
      out.add(new double[] {Math.round(v.get(0).asDouble() * 1000), Double.parseDouble(v.get(1).asText())});
    }
    return out;
  }

  private static String render(List<double[]> samples) {
    StringBuilder b = new StringBuilder();
    for (double[] s : samples) b.append((long) s[0]).append('=').append(s[1]).append(' ');
    return b.toString();
  }

  /** The single value of an instant query at {@code atMs}, NaN when empty. */
  private static double scalar(PromApiClient api, String q, long atMs) {
    JsonNode r = api.get("/api/v1/query", List.of(Map.entry("query", q), Map.entry("time", PromApiClient.time(atMs))))
        .json().path("data").path("result");
    return r.isEmpty() ? Double.NaN : Double.parseDouble(r.get(0).path("value").get(1).asText());
  }

  private static void awaitSamples(PromApiClient api, String series, int n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      if (samples(api, series).size() >= n) return;
      Thread.sleep(200);
    }
    throw new AssertionError("fewer than " + n + " samples of " + series + " within 60 s: " + render(samples(api, series)));
  }
}
