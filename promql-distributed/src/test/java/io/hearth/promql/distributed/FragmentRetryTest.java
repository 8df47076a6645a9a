package io.hearth.promql.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.promql.engine.Engine;
import io.hearth.promql.engine.EngineOptions;
import io.hearth.promql.engine.PromQLException;
import io.hearth.promql.engine.QueryResult;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StorageException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Moving partitions and lost copies: a fragment that meets {@link StorageException.NotOwner} is
 * scattered again and succeeds; one that keeps meeting it fails with {@link
 * StorageException.Unavailable} after about 5 s; partitions with no live copy fail at once. Never a
 * partial answer.
 */
class FragmentRetryTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final String QUERY = "sum by (job) (x)";
  private InProcessCluster cluster;
  private FanOutStorage storage;

  @BeforeEach
  void load() {
    cluster = new InProcessCluster(3, 8);
    InProcessCluster.Loader load = cluster.new Loader();
    for (int s = 0; s < 50; s++) {
      load.series(Labels.of("__name__", "x", "job", "j" + (s % 4), "i", "" + s), new long[] {T0}, new double[] {s},
          new long[0], new FloatHistogram[0]);
    }
    load.commit();
    storage = new FanOutStorage(Arrays.asList(cluster.shards));
  }

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void notOwnerRetriesWithAFreshTopologyAndSucceeds() {
    ClusterFragments fragments = new ClusterFragments(cluster.view("node-1"));
    cluster.failLeases.set(2);
    QueryResult r = new Engine(EngineOptions.defaults(), fragments).instantQuery(storage, QUERY, T0);

    assertTrue(fragments.retriesTotal() >= 1, "retried");
    assertEquals(0, cluster.failLeases.get());
    assertNull(ResultDiff.diff(new Engine(EngineOptions.defaults()).instantQuery(cluster.all, QUERY, T0), r));
  }

  @Test
  void persistentNotOwnerEndsInUnavailableAfterTheRetryBudget() {
    ClusterFragments fragments = new ClusterFragments(cluster.view("node-1"));
    cluster.failLeases.set(Integer.MAX_VALUE);
    long t0 = System.nanoTime();
    PromQLException e = assertThrows(PromQLException.class,
        () -> new Engine(EngineOptions.defaults(), fragments).instantQuery(storage, QUERY, T0));
    long ms = (System.nanoTime() - t0) / 1_000_000L;

    assertEquals(PromQLException.ErrorType.UNAVAILABLE, e.errorType());
    assertInstanceOf(StorageException.Unavailable.class, e.getCause());
    assertTrue(e.getMessage().contains("no longer own"), e.getMessage());
    // Not before the budget is spent, and not long after: the last attempt and the scheduling of a
    // loaded machine come on top, a retry loop that ignored the budget would not end at all.
    assertTrue(ms >= ClusterFragments.DEFAULT_RETRY_BUDGET_MS && ms < 2 * ClusterFragments.DEFAULT_RETRY_BUDGET_MS,
        "gave up after " + ms + " ms, the budget is " + ClusterFragments.DEFAULT_RETRY_BUDGET_MS + " ms");
  }

  @Test
  void partitionWithoutLiveCopyIsRefusedAtOnce() {
    ClusterFragments fragments = new ClusterFragments(cluster.view("node-1"));
    cluster.loseCopy(5);
    StorageException.Unavailable u = assertThrows(StorageException.Unavailable.class,
        () -> fragments.execute(new io.hearth.promql.planner.Fragment(QUERY, 0, QUERY.length(), T0, T0, 1, T0, T0,
            0, false, 300_000, 10_000)));

    assertEquals("partitions [5] have no live copy", u.getMessage());
    assertEquals(0, fragments.fragmentsTotal());
    PromQLException e = assertThrows(PromQLException.class,
        () -> new Engine(EngineOptions.defaults(), fragments).instantQuery(storage, QUERY, T0));
    assertEquals(PromQLException.ErrorType.UNAVAILABLE, e.errorType());
  }

  @Test
  void shardQueryErrorsReachTheCoordinatorAsTheSameError() {
    ClusterFragments fragments = new ClusterFragments(cluster.view("node-1"));
    PromQLException e = assertThrows(PromQLException.class, () -> new Engine(EngineOptions.defaults(), fragments)
        .instantQuery(storage, "count_values(\"\", x)", T0));

    assertEquals(PromQLException.ErrorType.EXECUTION, e.errorType());
    assertEquals("invalid label name \"\"", e.getMessage());
  }
}
