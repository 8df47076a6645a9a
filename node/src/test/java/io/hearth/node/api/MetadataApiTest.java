package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.node.HearthNode;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.it.TestNodeConfig;
import io.hearth.node.process.HearthProcess;
import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.text.MetricType;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /api/v1/metadata and /api/v1/targets/metadata of an in-process node, fed by remote write and by scraping itself. */
class MetadataApiTest {
  @TempDir static Path dir;
  static HearthNode node;
  static String base;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    int cluster = HearthProcess.freePortPair();
    node = TestNodeConfig.of(dir, "metadata").clusterPort(cluster).start();
    base = "http://127.0.0.1:" + node.address().getPort();
    long t = System.currentTimeMillis() - 60_000;
    byte[] body = WriteRequestBuilder.v1()
        .series(Labels.of("__name__", "rw_requests_total", "job", "rw")).sample(t, 1)
        .metadata("rw_requests_total", MetricType.COUNTER, "Requests served.", "")
        .metadata("rw_requests_total", MetricType.COUNTER, "Requests served, v2.", "")
        .metadata("rw_temperature", MetricType.GAUGE, "Temperature.", "celsius")
        .metadata("rw_latency", MetricType.GAUGE_HISTOGRAM, "", "seconds")
        .buildSnappy();
    PromApiClient.Reply r = send("POST", "/api/v1/write", Map.of("Content-Type", "application/x-protobuf",
        "Content-Encoding", "snappy", "X-Prometheus-Remote-Write-Version", "0.1.0"), body);
    assertEquals(204, r.status(), r.body());
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  static PromApiClient.Reply send(String method, String path, Map<String, String> headers, byte[] body) {
    return new PromApiClient(URI.create(base), Duration.ofSeconds(20)).send(method, path, body, headers);
  }

  static JsonNode get(String path, int status) throws Exception {
    PromApiClient.Reply r = send("GET", path, Map.of(), null);
    assertEquals(status, r.status(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
    return JSON.readTree(r.body());
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void metadataFromRemoteWrite() throws Exception {
    JsonNode j = get("/api/v1/metadata?metric=rw_requests_total", 200);
    assertEquals(JSON.readTree("{\"status\":\"success\",\"data\":{\"rw_requests_total\":["
        + "{\"type\":\"counter\",\"help\":\"Requests served.\",\"unit\":\"\"},"
        + "{\"type\":\"counter\",\"help\":\"Requests served, v2.\",\"unit\":\"\"}]}}"), j);
    j = get("/api/v1/metadata?metric=rw_temperature", 200);
    assertEquals(JSON.readTree("{\"status\":\"success\",\"data\":{\"rw_temperature\":["
        + "{\"type\":\"gauge\",\"help\":\"Temperature.\",\"unit\":\"celsius\"}]}}"), j);
    j = get("/api/v1/metadata?metric=rw_latency", 200);
    assertEquals("gaugehistogram", j.at("/data/rw_latency/0/type").asText());
    j = get("/api/v1/metadata?metric=rw_requests_total&limit_per_metric=1", 200);
    assertEquals(1, j.at("/data/rw_requests_total").size());
    assertEquals(JSON.readTree("{\"status\":\"success\",\"data\":{}}"), get("/api/v1/metadata?metric=no_such_metric", 200));
    assertEquals(0, get("/api/v1/metadata?limit=0", 200).get("data").size());
    assertEquals(2, get("/api/v1/metadata?limit=2", 200).get("data").size());
    assertTrue(get("/api/v1/metadata", 200).get("data").has("rw_temperature"));
  }

  @Test
  void badParameters() throws Exception {
    JsonNode j = get("/api/v1/metadata?limit=abc", 400);
    assertEquals("error", j.get("status").asText());
    assertEquals("bad_data", j.get("errorType").asText());
    assertEquals("limit must be a number", j.get("error").asText());
    assertEquals("limit_per_metric must be a number", get("/api/v1/metadata?limit_per_metric=x", 400).get("error").asText());
    assertEquals("limit must be a number", get("/api/v1/targets/metadata?limit=1.5", 400).get("error").asText());
    j = get("/api/v1/targets/metadata?match_target=" + q("{job=~\"x"), 400);
    assertEquals("bad_data", j.get("errorType").asText());
    assertTrue(j.get("error").asText().startsWith("invalid parameter \"match_target\": "), j.toString());
  }

  /** The default configuration scrapes the node's own /metrics; wait for that first scrape's metadata. */
  @Test
  void targetMetadataFromScrapingItself() throws Exception {
    String self = "127.0.0.1:" + node.address().getPort();
    JsonNode j = null;
    long deadline = System.currentTimeMillis() + 40_000;
    while (System.currentTimeMillis() < deadline) {
      j = get("/api/v1/targets/metadata?match_target=" + q("{job=\"hearth\"}"), 200);
      if (j.get("data").size() > 0) break;
      Thread.sleep(250);
    }
    assertEquals("success", j.get("status").asText());
    JsonNode data = j.get("data");
    assertTrue(data.isArray() && data.size() > 0, j.toString());
    JsonNode first = data.get(0);
    assertEquals(JSON.readTree("{\"instance\":\"" + self + "\",\"job\":\"hearth\"}"), first.get("target"));
    for (String f : List.of("metric", "type", "help", "unit")) assertTrue(first.has(f), first.toString());
    String metric = first.get("metric").asText();
    String type = first.get("type").asText();

    // metric=: one entry per target, without the "metric" field (as Prometheus)
    JsonNode one = get("/api/v1/targets/metadata?metric=" + q(metric), 200).get("data");
    assertEquals(1, one.size(), one.toString());
    assertTrue(!one.get(0).has("metric"), one.toString());
    assertEquals(type, one.get(0).get("type").asText());

    // limit is checked per target, so limit=1 still gives the whole first target
    assertEquals(data.size(), get("/api/v1/targets/metadata?limit=1", 200).get("data").size());
    assertEquals(0, get("/api/v1/targets/metadata?limit=0", 200).get("data").size());
    assertEquals(JSON.readTree("{\"status\":\"success\",\"data\":[]}"),
        get("/api/v1/targets/metadata?match_target=" + q("{job=\"other\"}"), 200));

    // scraped families also reach /api/v1/metadata
    JsonNode m = get("/api/v1/metadata?metric=" + q(metric), 200);
    assertEquals(type, m.at("/data/" + metric + "/0/type").asText(), m.toString());
  }
}
