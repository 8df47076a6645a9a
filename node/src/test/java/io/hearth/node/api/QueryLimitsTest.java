package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.HearthNode;
import io.hearth.node.it.TestNodeConfig;
import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.sharding.api.Labels;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile queries hit --query.max-samples and --query.timeout with Prometheus's errors, while the
 * node keeps answering ordinary queries.
 */
class QueryLimitsTest {
  @TempDir static Path dir;
  static HearthNode node;
  static String base;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  static final long END = System.currentTimeMillis() - 60_000;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodeConfig.of(dir, "limits").query(200_000, 1_500, 8).start();
    base = "http://127.0.0.1:" + node.address().getPort();
    WriteRequestBuilder b = WriteRequestBuilder.v1();
    for (int s = 0; s < 100; s++) {
      b.series(Labels.of("__name__", "load", "s", Integer.toString(s)));
      for (int i = 0; i < 240; i++) b.sample(END - (239 - i) * 15_000L, i);
    }
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/write"))
        .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
        .POST(HttpRequest.BodyPublishers.ofByteArray(b.buildSnappy())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(204, r.statusCode(), r.body());
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  static HttpResponse<String> query(String q, String extra) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/" + extra + "query=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Timeout(60)
  void queryLoadingTooManySamplesFailsWithPrometheusError() throws Exception {
    // 100 series x 240 samples = 24,000 samples per step; a 1 h range at 1 s steps needs far more than 200,000.
    HttpResponse<String> r = query("load", "query_range?start=" + (END - 3600_000) / 1000 + "&end=" + END / 1000 + "&step=1&");
    assertEquals(422, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"errorType\":\"execution\""), r.body());
    assertTrue(r.body().contains("query processing would load too many samples into memory in query execution"), r.body());
  }

  @Test
  @Timeout(90)
  void hostileQueriesFailWithALimitErrorWhileOthersKeepAnswering() throws Exception {
    String hostile = "sum(count_over_time(load[1h:1ms]))";
    List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      slow.add(CompletableFuture.supplyAsync(() -> {
        try {
          return query(hostile, "query?time=" + END / 1000 + "&");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    // Meanwhile ordinary queries answer at once.
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> ok = query("count(load)", "query?time=" + END / 1000 + "&");
      assertEquals(200, ok.statusCode(), ok.body());
      assertTrue(ok.body().contains("\"100\""), ok.body());
    }
    for (CompletableFuture<HttpResponse<String>> f : slow) {
      HttpResponse<String> r = f.get();
      assertTrue(r.statusCode() == 503 || r.statusCode() == 422, r.statusCode() + " " + r.body());
      assertTrue(r.body().contains("query timed out in") || r.body().contains("too many samples"), r.body());
    }
    HttpResponse<String> after = query("count(load)", "query?time=" + END / 1000 + "&");
    assertEquals(200, after.statusCode(), after.body());
  }
}
