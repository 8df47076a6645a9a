package io.hearth.promql.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.promql.engine.Engine;
import io.hearth.promql.engine.EngineOptions;
import io.hearth.promql.engine.QueryResult;
import io.hearth.promql.value.Vector;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With pushdown, {@code sum by (job) (rate(x[5m]))} over 20,000 series in 10 jobs on 3 nodes moves
 * at most nodes x groups partial series between nodes, whatever the series count; without it the
 * coordinator fetches all 20,000 series.
 */
class PushdownTrafficTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final int SERIES = 20_000;
  private static final int JOBS = 10;
  private static final int NODES = 3;
  private static final String QUERY = "sum by (job) (rate(x[5m]))";
  private static InProcessCluster cluster;

  @BeforeAll
  static void load() {
    cluster = new InProcessCluster(NODES, 32);
    InProcessCluster.Loader load = cluster.new Loader();
    long[] t = new long[21];
    for (int i = 0; i < t.length; i++) {
      t[i] = T0 + i * 15_000L;
    }
    for (int s = 0; s < SERIES; s++) {
      double[] v = new double[t.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = i * (s % 7 + 1);
      }
      load.series(Labels.of("__name__", "x", "job", "job" + (s % JOBS), "instance", "i" + s), t, v, new long[0],
          new FloatHistogram[0]);
    }
    load.commit();
  }

  @AfterAll
  static void close() {
    cluster.close();
  }

  @Test
  void pushedAggregationMovesNodesTimesGroupsPartialsNotSeries() {
    ClusterFragments fragments = new ClusterFragments(cluster.view("node-0"));
    FanOutStorage storage = new FanOutStorage(Arrays.asList(cluster.shards));
    long at = T0 + 300_000L;
    QueryResult r = new Engine(EngineOptions.defaults(), fragments).instantQuery(storage, QUERY, at);

    assertEquals(JOBS, ((Vector) r.value()).samples().size());
    assertEquals(NODES, fragments.fragmentsTotal(), "one fragment per node");
    assertTrue(fragments.partialSeriesTotal() <= NODES * JOBS, "partials: " + fragments.partialSeriesTotal());
    assertEquals(0, storage.seriesFetched.sum(), "no series left their node");
    // A partial is its group's labels, the first member's labels and one point: ~100 bytes, not ~20,000.
    assertTrue(fragments.fragmentBytesTotal() < NODES * JOBS * 200L, "bytes: " + fragments.fragmentBytesTotal());

    QueryResult single = new Engine(EngineOptions.defaults()).instantQuery(cluster.all, QUERY, at);
    assertNull(ResultDiff.diff(single, r));
  }

  @Test
  void rangeQueryMovesNodesTimesGroupsPartialSeriesWithOnePointPerStep() {
    ClusterFragments fragments = new ClusterFragments(cluster.view("node-0"));
    FanOutStorage storage = new FanOutStorage(Arrays.asList(cluster.shards));
    QueryResult r = new Engine(EngineOptions.defaults(), fragments)
        .rangeQuery(storage, QUERY, T0 + 60_000L, T0 + 300_000L, 15_000L);

    assertTrue(fragments.partialSeriesTotal() <= NODES * JOBS, "partials: " + fragments.partialSeriesTotal());
    assertEquals(0, storage.seriesFetched.sum());
    QueryResult single = new Engine(EngineOptions.defaults()).rangeQuery(cluster.all, QUERY, T0 + 60_000L,
        T0 + 300_000L, 15_000L);
    assertNull(ResultDiff.diff(single, r));
  }

  @Test
  void withoutPushdownEverySeriesIsFetched() {
    FanOutStorage storage = new FanOutStorage(Arrays.asList(cluster.shards));
    QueryResult r = new Engine(EngineOptions.defaults()).instantQuery(storage, QUERY, T0 + 300_000L);

    assertEquals(JOBS, ((Vector) r.value()).samples().size());
    assertEquals(SERIES, storage.seriesFetched.sum());
  }
}
