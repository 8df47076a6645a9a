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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API's range results cache on a running node: a repeated range query over data hours
 * old is answered from it with the same bytes, its figures are on /metrics, and a sample
 * backfilled into that range by remote write is in the next answer.
 */
class RangeResultsCacheNodeTest {
  @TempDir Path dir;


  private static void write(PromApiClient api, String pod, long from, long to) throws Exception {
    WriteRequestBuilder b = WriteRequestBuilder.v1();
    b.series(Labels.of("__name__", "g", "pod", pod));
    for (long t = from; t < to; t += 15_000) b.sample(t, t / 15_000 % 7);
    PromApiClient.Reply r = api.remoteWrite(b.buildSnappy());
    assertEquals(204, r.status(), r.body());
  }

  @Test
  @Timeout(120)
  void aRepeatedRangeQueryIsAnsweredFromTheCacheUntilABackfillReachesIt() throws Exception {
    HearthNode node = TestNodeConfig.of(dir, "cache").start();
    try {
      PromApiClient api = new PromApiClient(URI.create("http://127.0.0.1:" + node.address().getPort()), Duration.ofSeconds(30));
      long now = System.currentTimeMillis() / 60_000 * 60_000;
      write(api, "a", now - 3 * 3_600_000L, now - 3_600_000L);
      String range = "/api/v1/query_range?query=" + PromApiClient.enc("count(g)") + "&start=" + (now - 2 * 3_600_000L) / 1000
          + "&end=" + (now - 3_600_000L) / 1000 + "&step=60";
      String first = api.get(range, List.of()).body();
      assertTrue(first.startsWith("{\"status\":\"success\""), first);
      assertEquals(first, api.get(range, List.of()).body());
      assertEquals(1, (long) api.metric("hearth_query_results_cache_misses_total"));
      assertEquals(1, (long) api.metric("hearth_query_results_cache_hits_total"));
      assertTrue((long) api.metric("hearth_query_results_cache_bytes") > 0);

      write(api, "b", now - 2 * 3_600_000L, now - 3_600_000L); // a second series, backfilled
      String after = api.get(range, List.of()).body();
      assertTrue(after.contains("\"2\""), "the backfilled series is counted: " + after);
      assertEquals(1, (long) api.metric("hearth_query_results_cache_hits_total"), "the held result was dropped");
      assertEquals(2, (long) api.metric("hearth_query_results_cache_misses_total"));
    } finally {
      node.close();
    }
  }
}
