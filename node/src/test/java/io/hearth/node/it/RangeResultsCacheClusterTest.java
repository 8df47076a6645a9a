package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.sharding.api.Labels;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The range results cache on a cluster: a node answers a repeated range query from its cache, and
 * a sample backfilled through another node, into a partition that node or a third serves, reaches
 * the next answer (the node gathers every node's epoch before each range query).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RangeResultsCacheClusterTest {
  @TempDir Path dir;


  private static void write(PromApiClient api, int firstPod, int pods, long from, long to) throws Exception {
    WriteRequestBuilder b = WriteRequestBuilder.v1();
    for (int p = firstPod; p < firstPod + pods; p++) {
      b.series(Labels.of("__name__", "g", "pod", "p" + p));
      for (long t = from; t < to; t += 15_000) b.sample(t, p);
    }
    PromApiClient.Reply r = api.remoteWrite(b.buildSnappy());
    assertEquals(204, r.status(), r.body());
  }

  @Test
  void aRepeatedRangeQueryComesFromTheCacheUntilABackfillThroughAnotherNodeReachesIt() throws Exception {
    try (ClusterFixture cluster = ClusterFixture.start(dir, "cache-cluster", 3, 1, 120_000)) {
      PromApiClient asked = cluster.api(0);
      long now = System.currentTimeMillis() / 60_000 * 60_000;
      write(cluster.api(1), 0, 20, now - 3 * 3_600_000L, now - 3_600_000L); // 20 series: every node gets some
      String range = "/api/v1/query_range?query=" + PromApiClient.enc("count(g)") + "&start=" + (now - 2 * 3_600_000L) / 1000
          + "&end=" + (now - 3_600_000L) / 1000 + "&step=60";
      String first = asked.get(range, List.of()).body();
      assertTrue(first.contains("\"20\""), first);
      assertEquals(first, asked.get(range, List.of()).body());
      assertEquals(1, (long) asked.metric("hearth_query_results_cache_hits_total"));

      write(cluster.api(2), 20, 20, now - 2 * 3_600_000L, now - 3_600_000L); // 20 more, backfilled through node 2
      String after = asked.get(range, List.of()).body();
      assertTrue(after.contains("\"40\""), "every backfilled series is counted: " + after);
      assertEquals(1, (long) asked.metric("hearth_query_results_cache_hits_total"), "the held result was dropped");
      assertEquals(2, (long) asked.metric("hearth_query_results_cache_misses_total"));
    }
  }
}
