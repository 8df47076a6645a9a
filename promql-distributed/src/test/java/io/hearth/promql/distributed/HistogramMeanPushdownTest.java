package io.hearth.promql.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.promql.engine.Engine;
import io.hearth.promql.engine.EngineOptions;
import io.hearth.promql.engine.QueryResult;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code avg} of native histograms whose sum overflows float64 through pushed-down partials: shards
 * whose sum would overflow send their incremental mean, and the coordinator combines the partials
 * into a count-weighted mean instead of an infinite sum divided by the count.
 */
class HistogramMeanPushdownTest {
  private static final long T = DistributedDifferentialTest.T0;

  @Test
  void avgOfHugeHistogramsIsFiniteAndMatchesASingleNode() {
    try (InProcessCluster cluster = new InProcessCluster(3, 16)) {
      InProcessCluster.Loader load = cluster.new Loader();
      for (int i = 0; i < 12; i++) {
        FloatHistogram h = new FloatHistogram();
        h.count = Double.MAX_VALUE / (1 + i % 3);
        h.sum = i;
        h.positiveSpans = new int[] {0, 2};
        h.positiveBuckets = new double[] {h.count / 2, h.count / 2};
        load.series(Labels.of("__name__", "huge", "instance", "" + i), new long[0], new double[0], new long[] {T},
            new FloatHistogram[] {h});
      }
      load.commit();
      ClusterFragments fragments = new ClusterFragments(cluster.view("node-0"));
      QueryResult single = new Engine(EngineOptions.defaults()).instantQuery(cluster.all, "avg(huge)", T);
      QueryResult distributed = new Engine(EngineOptions.defaults(), fragments)
          .instantQuery(new FanOutStorage(Arrays.asList(cluster.shards)), "avg(huge)", T);
      assertTrue(fragments.fragmentsTotal() > 0, "fragments were sent");
      assertNull(ResultDiff.diff(single, distributed, 4));
      String text = distributed.value().toString();
      assertTrue(text.contains("count:1.0985902490825263E308"), text); // Double.MAX_VALUE · (1 + 1/2 + 1/3) / 3
      assertEquals(single.value().toString(), text);
    }
  }
}
