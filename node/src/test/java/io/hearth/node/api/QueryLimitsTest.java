package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.HearthNode;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.it.TestNodeConfig;
import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.sharding.api.Labels;
import java.net.URI;
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
  static PromApiClient api;
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
    api = new PromApiClient(URI.create(base), Duration.ofSeconds(30));
    PromApiClient.Reply r = api.remoteWrite(b.buildSnappy());
    assertEquals(204, r.status(), r.body());
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  static PromApiClient.Reply query(String q, String extra) {
    return api.get("/api/v1/" + extra + "query=" + PromApiClient.enc(q), List.of());
  }

  @Test
  @Timeout(60)
  void queryLoadingTooManySamplesFailsWithPrometheusError() throws Exception {
    // 100 series x 240 samples = 24,000 samples per step; a 1 h range at 1 s steps needs far more than 200,000.
    PromApiClient.Reply r = query("load", "query_range?start=" + (END - 3600_000) / 1000 + "&end=" + END / 1000 + "&step=1&");
    assertEquals(422, r.status(), r.body());
    assertTrue(r.body().contains("\"errorType\":\"execution\""), r.body());
    assertTrue(r.body().contains("query processing would load too many samples into memory in query execution"), r.body());
  }

  @Test
  @Timeout(90)
  void hostileQueriesFailWithALimitErrorWhileOthersKeepAnswering() throws Exception {
    String hostile = "sum(count_over_time(load[1h:1ms]))";
    List<CompletableFuture<PromApiClient.Reply>> slow = new ArrayList<>();
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
      PromApiClient.Reply ok = query("count(load)", "query?time=" + END / 1000 + "&");
      assertEquals(200, ok.status(), ok.body());
      assertTrue(ok.body().contains("\"100\""), ok.body());
    }
    for (CompletableFuture<PromApiClient.Reply> f : slow) {
      PromApiClient.Reply r = f.get();
      assertTrue(r.status() == 503 || r.status() == 422, r.status() + " " + r.body());
      assertTrue(r.body().contains("query timed out in") || r.body().contains("too many samples"), r.body());
    }
    PromApiClient.Reply after = query("count(load)", "query?time=" + END / 1000 + "&");
    assertEquals(200, after.status(), after.body());
  }
}
