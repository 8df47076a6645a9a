package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hearth.scrape.textparse.ProtoBody;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exemplars of a protobuf exposition (a counter's and a classic histogram bucket's) scraped by a
 * node with exemplar storage are stored and answered by {@code /api/v1/query_exemplars}.
 */
class ProtobufExemplarScrapeTest {
  @TempDir Path dir;

  private static ProtoBody exemplar(String traceId, double value, long ms) {
    return ProtoBody.msg().msg(1, ProtoBody.msg().str(1, "trace_id").str(2, traceId)).dbl(2, value)
        .msg(3, ProtoBody.timestamp(ms / 1000, (int) (ms % 1000) * 1_000_000));
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void counterAndBucketExemplarsOfAProtobufScrapeAreQueryable() throws Exception {
    long tsMs = (System.currentTimeMillis() / 1000 - 30) * 1000 + 250;
    byte[] body = ProtoBody.delimited(
        ProtoBody.family("pb_requests_total", "", ProtoBody.COUNTER, ProtoBody.metric("path", "/a")
            .msg(3, ProtoBody.msg().dbl(1, 10).msg(2, exemplar("abc", 1.5, tsMs)))),
        ProtoBody.family("pb_latency", "", ProtoBody.HISTOGRAM, ProtoBody.metric().histogram(ProtoBody.msg()
            .varint(1, 4).dbl(2, 7.2)
            .msg(3, ProtoBody.bucket(0.1, 2).msg(3, exemplar("h1", 0.05, tsMs + 1)))
            .msg(3, ProtoBody.bucket(Double.POSITIVE_INFINITY, 4)))));
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/metrics", ex -> {
      try (ex) {
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().set("Content-Type", ProtoBody.CONTENT_TYPE);
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.start();
    String config = "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nstorage:\n  exemplars:\n    max_exemplars: 1000\n"
        + "scrape_configs:\n  - job_name: pb\n    scrape_protocols: [PrometheusProto]\n    static_configs:\n"
        + "      - targets: ['127.0.0.1:" + server.getAddress().getPort() + "']\n";
    try (HearthFixture hearth = HearthFixture.start(dir.resolve("hearth"), "it-pb-exemplars", LoopbackPorts.freePair(), List.of(), 1,
        config)) {
      List<Map.Entry<String, String>> range = List.of(Map.entry("start", PromApiClient.time(tsMs - 1000)),
          Map.entry("end", PromApiClient.time(tsMs + 1000)));
      JsonNode counter = await(hearth.api(), "pb_requests_total", range);
      assertEquals("{\"__name__\":\"pb_requests_total\",\"instance\":\"127.0.0.1:" + server.getAddress().getPort()
          + "\",\"job\":\"pb\",\"path\":\"/a\"}", counter.get("seriesLabels").toString());
      assertExemplar(counter, "{\"trace_id\":\"abc\"}", "1.5", tsMs);
      JsonNode bucket = await(hearth.api(), "pb_latency_bucket", range);
      assertEquals("0.1", bucket.get("seriesLabels").get("le").asText());
      assertExemplar(bucket, "{\"trace_id\":\"h1\"}", "0.05", tsMs + 1);
    } finally {
      server.stop(0);
    }
  }

  /** The series' single exemplar: labels (JSON), value (as answered) and timestamp in ms. */
  private static void assertExemplar(JsonNode series, String labels, String value, long ms) {
    JsonNode ex = series.get("exemplars");
    assertEquals(1, ex.size(), ex.toString());
    assertEquals(labels, ex.get(0).get("labels").toString());
    assertEquals(value, ex.get(0).get("value").asText());
    assertEquals(ms, Math.round(ex.get(0).get("timestamp").asDouble() * 1000), ex.toString());
  }

  /** The single series with exemplars answering {@code query}, once scraped. */
  private static JsonNode await(PromApiClient api, String query, List<Map.Entry<String, String>> range)
      throws InterruptedException {
    List<Map.Entry<String, String>> q = new java.util.ArrayList<>(range);
    q.add(Map.entry("query", query));
    long deadline = System.currentTimeMillis() + 60_000;
    JsonNode last = null;
    while (System.currentTimeMillis() < deadline) {
      PromApiClient.Reply r = api.get("/api/v1/query_exemplars", q);
      last = r.json();
      if (r.status() == 200 && last != null && last.get("data").size() > 0) {
        assertEquals(1, last.get("data").size(), last.toString());
        return last.get("data").get(0);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no exemplars for " + query + " within 60 s: " + last);
  }
}
