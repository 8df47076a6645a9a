package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hearth.scrape.textparse.Entry;
import io.hearth.scrape.textparse.ProtobufParser;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --web.federate.metadata}: a text-format target (a test server on loopback) with a counter,
 * a gauge and a classic histogram, each with HELP, is scraped by Hearth every second; Hearth's
 * {@code /federate} then writes each family's {@code # TYPE} and {@code # HELP} from the scraped
 * metadata, and Prometheus 2.42 scraping that endpoint with {@code honor_labels: true} stores the
 * same values and answers the types and help in its {@code /api/v1/metadata}. In a two-node
 * cluster, the node that did not scrape the target writes the same headers (the metadata is asked
 * of every node), in text and in delimited protobuf.
 */
class FederateMetadataTest {
  private static final Map<String, String> FLAG = Map.of("web.federate.metadata", "true");
  private static final byte[] TARGET = ("# HELP app_requests_total Requests served.\n"
      + "# TYPE app_requests_total counter\n"
      + "app_requests_total{path=\"/a\"} 10\n"
      + "app_requests_total{path=\"/b\"} 3\n"
      + "# HELP app_temperature_celsius Temperature \\\\ now.\n"
      + "# TYPE app_temperature_celsius gauge\n"
      + "app_temperature_celsius 21.5\n"
      + "# HELP app_latency_seconds Request latency.\n"
      + "# TYPE app_latency_seconds histogram\n"
      + "app_latency_seconds_bucket{le=\"0.1\"} 2\n"
      + "app_latency_seconds_bucket{le=\"+Inf\"} 4\n"
      + "app_latency_seconds_sum 7.2\n"
      + "app_latency_seconds_count 4\n").getBytes(StandardCharsets.UTF_8);
  private static final String HEADERS_TEXT = "# HELP app_latency_seconds Request latency.\n"
      + "# TYPE app_latency_seconds histogram\n";

  @TempDir Path dir;
  HttpServer target;

  @BeforeEach
  void startTarget() throws Exception {
    target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    target.createContext("/metrics", ex -> {
      try (ex) {
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        ex.sendResponseHeaders(200, TARGET.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(TARGET);
        }
      }
    });
    target.start();
  }

  @AfterEach
  void stopTarget() {
    target.stop(0);
  }

  private String scrapeConfig() {
    return "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: app\n    static_configs:\n"
        + "      - targets: ['127.0.0.1:" + target.getAddress().getPort() + "']\n";
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void prometheusFederatingHearthStoresTheScrapedTypesAndValues() throws Exception {
    try (HearthFixture hearth = HearthFixture.start(dir.resolve("hearth"), "it-federate-metadata", LoopbackPorts.freePair(), List.of(), 1,
        scrapeConfig(), FLAG)) {
      String body = awaitFederated(hearth.api());
      assertTrue(body.contains("# HELP app_requests_total Requests served.\n# TYPE app_requests_total counter\n"
          + "app_requests_total{instance="), body);
      assertTrue(body.contains("# HELP app_temperature_celsius Temperature \\\\ now.\n# TYPE app_temperature_celsius gauge\n"), body);
      int h = body.indexOf(HEADERS_TEXT);
      assertTrue(h >= 0 && body.indexOf(HEADERS_TEXT, h + 1) < 0, "one histogram header: " + body);
      String after = body.substring(h + HEADERS_TEXT.length());
      assertTrue(after.startsWith("app_latency_seconds_bucket{") && after.indexOf("# ") > after.indexOf("app_latency_seconds_sum{"),
          "the histogram's buckets, count and sum follow its one header: " + body);
      assertTrue(body.contains("# TYPE up untyped\n"), "a series without metadata stays untyped: " + body);

      String prometheusConfig = "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: federate\n"
          + "    honor_labels: true\n    metrics_path: /federate\n    params:\n      'match[]': ['{__name__=~\"app_.*\"}']\n"
          + "    static_configs:\n      - targets: ['127.0.0.1:" + hearth.port() + "']\n";
      try (PrometheusFixture prometheus = PrometheusFixture.start(dir.resolve("prometheus"), PrometheusFixture.reservePort(), prometheusConfig)) {
        Map<String, String> want = values(hearth.api());
        assertEquals(7, want.size(), want.toString());
        long deadline = System.currentTimeMillis() + 60_000;
        Map<String, String> got = values(prometheus.api());
        while (!got.equals(want) && System.currentTimeMillis() < deadline) {
          Thread.sleep(200);
          got = values(prometheus.api());
        }
        assertEquals(want, got, "prometheus stores the federated values under the same labels");
        JsonNode meta = awaitMetadata(prometheus.api(), 3);
        assertEquals("counter", only(meta, "app_requests_total").get("type").asText());
        assertEquals("Requests served.", only(meta, "app_requests_total").get("help").asText());
        assertEquals("gauge", only(meta, "app_temperature_celsius").get("type").asText());
        assertEquals("Temperature \\ now.", only(meta, "app_temperature_celsius").get("help").asText());
        assertEquals("histogram", only(meta, "app_latency_seconds").get("type").asText());
        assertEquals("Request latency.", only(meta, "app_latency_seconds").get("help").asText());
      }
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void everyNodeOfAClusterFederatesWithTheMetadataOfTheNodeThatScraped() throws Exception {
    try (ClusterFixture cluster = ClusterFixture.start(dir.resolve("cluster"), "it-federate-metadata", 2, 1, 150_000, scrapeConfig(), FLAG)) {
      for (int i = 0; i < 2; i++) {
        String body = awaitFederated(cluster.api(i));
        assertTrue(body.contains("# HELP app_requests_total Requests served.\n# TYPE app_requests_total counter\n"), "node " + i + ": " + body);
        assertTrue(body.contains(HEADERS_TEXT), "node " + i + ": " + body);

        Map<String, String> types = new TreeMap<>();
        ProtobufParser p = new ProtobufParser(false, true);
        byte[] proto = federateProtobuf(cluster.node(i).port());
        p.reset(proto, 0, proto.length);
        for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
          if (e == Entry.TYPE) types.merge(p.metricFamily(), p.type().toString(), (a, b) -> a + "," + b);
          if (e == Entry.HELP) types.merge(p.metricFamily() + " help", p.help(), (a, b) -> a + "," + b);
        }
        assertEquals("counter", types.get("app_requests_total"), "node " + i + ": " + types);
        assertEquals("Requests served.", types.get("app_requests_total help"), "node " + i + ": " + types);
        assertEquals("gauge", types.get("app_temperature_celsius"), "node " + i + ": " + types);
        assertEquals("unknown", types.get("app_latency_seconds_bucket"), "a classic histogram's parts stay untyped in protobuf: " + types);
      }
    }
  }

  /** The node's {@code /federate} text for the app's series, once all four families are there. */
  private static String awaitFederated(PromApiClient api) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 90_000;
    String body = "";
    while (System.currentTimeMillis() < deadline) {
      PromApiClient.Reply r = api.get("/federate", List.of(Map.entry("match[]", "{job=\"app\"}")));
      body = r.body();
      if (r.status() == 200 && body.contains("app_latency_seconds_count{") && body.contains("# TYPE app_latency_seconds histogram")
          && body.contains("app_temperature_celsius{")) {
        return body;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no federated app series with metadata within 90 s at " + api.base() + ": " + body);
  }

  private static byte[] federateProtobuf(int port) throws Exception {
    PromApiClient.BinaryReply r = new PromApiClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(30))
        .sendBinary("GET", "/federate?match%5B%5D=%7Bjob%3D%22app%22%7D", null,
            "Accept", "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited");
    assertEquals(200, r.status());
    assertTrue(r.contentType().contains("encoding=delimited"), r.headers().toString());
    return r.bytes();
  }

  /** The app's series (labels as JSON) to their values, by an instant query. */
  private static Map<String, String> values(PromApiClient api) {
    JsonNode r = api.get("/api/v1/query", List.of(Map.entry("query", "{__name__=~\"app_.*\"}"))).json();
    Map<String, String> out = new TreeMap<>();
    if (r == null) return out;
    for (JsonNode s : r.path("data").path("result")) out.put(s.get("metric").toString(), s.get("value").get(1).asText());
    return out;
  }

  private static JsonNode awaitMetadata(PromApiClient api, int families) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    JsonNode data = null;
    while (System.currentTimeMillis() < deadline) {
      JsonNode r = api.get("/api/v1/metadata", List.of()).json();
      data = r == null ? null : r.get("data");
      if (data != null && data.has("app_requests_total") && data.has("app_temperature_celsius") && data.has("app_latency_seconds")) {
        return data;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("prometheus has no metadata of " + families + " app families within 60 s: " + data);
  }

  private static JsonNode only(JsonNode metadata, String family) {
    JsonNode l = metadata.get(family);
    assertEquals(1, l.size(), family + ": " + l);
    return l.get(0);
  }
}
