package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exemplars of an OpenMetrics target (a test server on loopback) scraped every second by Hearth and
 * by Prometheus 2.42 with exemplar storage: the exemplars with timestamps answer the same JSON in
 * both (counter and histogram bucket); one without a timestamp takes the scrape's time and is kept
 * once however often it is scraped again.
 */
class ExemplarScrapeTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void scrapedExemplarsAnswerAsPrometheusDoes() throws Exception {
    long tsMs = (System.currentTimeMillis() / 1000 - 30) * 1000 + 250;
    String ts = PromApiClient.time(tsMs);
    byte[] body = ("# TYPE om_requests counter\n"
        + "om_requests_total{path=\"/a\"} 10 # {trace_id=\"abc\"} 1.5 " + ts + "\n"
        + "om_requests_total{path=\"/b\"} 3 # {trace_id=\"def\",span_id=\"1\"} 0.25\n"
        + "# TYPE om_latency histogram\n"
        + "om_latency_bucket{le=\"0.1\"} 2 # {trace_id=\"h1\"} 0.05 " + ts + "\n"
        + "om_latency_bucket{le=\"+Inf\"} 4 # {trace_id=\"h2\"} 7 " + PromApiClient.time(tsMs + 1) + "\n"
        + "om_latency_sum 7.2\n"
        + "om_latency_count 4\n"
        + "# EOF\n").getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/metrics", ex -> {
      try (ex) {
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().set("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.start();
    String config = "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nstorage:\n  exemplars:\n    max_exemplars: 1000\n"
        + "scrape_configs:\n  - job_name: om\n    static_configs:\n      - targets: ['127.0.0.1:" + server.getAddress().getPort() + "']\n";
    long started = System.currentTimeMillis();
    try (HearthFixture hearth = HearthFixture.start(dir.resolve("hearth"), "it-exemplar-scrape", LoopbackPorts.freePair(), List.of(), 1, config);
        PrometheusFixture prometheus = PrometheusFixture.start(dir.resolve("prometheus"), PrometheusFixture.reservePort(), config,
            List.of("--enable-feature=exemplar-storage"))) {
      List<Map.Entry<String, String>> all = List.of(Map.entry("query", "{job=\"om\"}"));
      awaitExemplars(hearth.api(), all, 4);
      awaitExemplars(prometheus.api(), all, 4);
      // three more scrapes of the same exemplars in each (counted, not assumed from the time)
      double hearthScrapes = scrapes(hearth.api());
      double prometheusScrapes = scrapes(prometheus.api());
      long deadline = System.currentTimeMillis() + 60_000;
      while ((scrapes(hearth.api()) < hearthScrapes + 3 || scrapes(prometheus.api()) < prometheusScrapes + 3)
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      assertTrue(scrapes(hearth.api()) >= hearthScrapes + 3, "three more scrapes by hearth");
      assertTrue(scrapes(prometheus.api()) >= prometheusScrapes + 3, "three more scrapes by prometheus");
      for (String q : List.of("om_latency_bucket", "om_requests_total{path=\"/a\"}", "rate(om_requests_total[1m])")) {
        List<Map.Entry<String, String>> params = List.of(Map.entry("query", q), Map.entry("start", PromApiClient.time(tsMs - 1000)),
            Map.entry("end", PromApiClient.time(tsMs + 1000)));
        JsonNode p = prometheus.api().get("/api/v1/query_exemplars", params).json();
        JsonNode h = hearth.api().get("/api/v1/query_exemplars", params).json();
        assertEquals(p, h, q);
        assertTrue(p.get("data").size() > 0, q + ": " + p);
      }
      JsonNode b = hearth.api().get("/api/v1/query_exemplars", List.of(Map.entry("query", "om_requests_total{path=\"/b\"}"))).json()
          .get("data");
      assertEquals(1, b.size(), b.toString());
      JsonNode ex = b.get(0).get("exemplars");
      assertEquals(1, ex.size(), "an exemplar without timestamp is kept once: " + ex);
      assertEquals("{\"span_id\":\"1\",\"trace_id\":\"def\"}", ex.get(0).get("labels").toString());
      assertEquals("0.25", ex.get(0).get("value").asText());
      double t = ex.get(0).get("timestamp").asDouble() * 1000;
      assertTrue(t >= started - 1000 && t <= System.currentTimeMillis(), "the scrape's time: " + ex);
      assertEquals("{\"__name__\":\"om_requests_total\",\"instance\":\"127.0.0.1:" + server.getAddress().getPort()
          + "\",\"job\":\"om\",\"path\":\"/b\"}", b.get(0).get("seriesLabels").toString());
    } finally {
      server.stop(0);
    }
  }

  /** Scrapes of job om in the last 5 minutes, as {@code up} samples. */
  private static double scrapes(PromApiClient api) {
    JsonNode r = api.get("/api/v1/query", List.of(Map.entry("query", "count_over_time(up{job=\"om\"}[5m])"))).json();
    JsonNode result = r == null ? null : r.path("data").path("result");
    return result == null || result.size() == 0 ? 0 : result.get(0).path("value").get(1).asDouble();
  }

  private static void awaitExemplars(PromApiClient api, List<Map.Entry<String, String>> q, int series) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    JsonNode last = null;
    while (System.currentTimeMillis() < deadline) {
      PromApiClient.Reply r = api.get("/api/v1/query_exemplars", q);
      last = r.json();
      if (r.status() == 200 && last != null && last.get("data").size() >= series) return;
      Thread.sleep(200);
    }
    throw new AssertionError("no exemplars of " + series + " series within 60 s at " + api.base() + ": " + last);
  }
}
