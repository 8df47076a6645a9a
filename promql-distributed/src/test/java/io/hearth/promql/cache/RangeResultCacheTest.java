package io.hearth.promql.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.promql.engine.Engine;
import io.hearth.promql.engine.EngineOptions;
import io.hearth.promql.engine.QueryResult;
import io.hearth.promql.value.Matrix;
import io.hearth.promql.value.RangeSeries;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.Queryable;
import io.hearth.sharding.api.SettledData;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link RangeResultCache} over a real head on the wall clock: its answers are the engine's, step
 * for step, whatever it held; it drops what a late sample changed, re-evaluates steps that are not
 * settled yet, and keeps nothing for queries whose steps read past their own time.
 */
class RangeResultCacheTest {
  static final long MIN = 60_000L;
  final Engine engine = new Engine(EngineOptions.defaults());
  final Head head = Head.inMemory(HeadOptions.defaults().withPartitions(4));
  /** A whole minute, so that the queries' steps fall on the samples' grid. */
  final long now = System.currentTimeMillis() / MIN * MIN;

  /** Counter {@code c_total} and gauge {@code g} of {@code pods} pods, every 15 s over {@code [from, to)}. */
  private void write(long from, long to, int pods) {
    Appender a = head.appender();
    for (int p = 0; p < pods; p++) {
      int c = a.series(Labels.of("__name__", "c_total", "job", "j" + p % 3, "pod", "p" + p));
      int g = a.series(Labels.of("__name__", "g", "job", "j" + p % 3, "pod", "p" + p));
      for (long t = from; t < to; t += 15_000) {
        a.append(c, t, (t / 15_000) * (p + 1));
        a.append(g, t, Math.sin(t / 600_000.0 + p));
      }
    }
    a.commit();
  }

  /** Labels and every point, exactly (bits of each value). */
  static String render(QueryResult r) {
    StringBuilder b = new StringBuilder();
    for (RangeSeries s : ((Matrix) r.value()).series()) {
      b.append(s.labels).append(':');
      for (int i = 0; i < s.floatCount; i++) {
        b.append(' ').append(s.floatT[i]).append('=').append(Long.toHexString(Double.doubleToRawLongBits(s.floatV[i])));
      }
      b.append('\n');
    }
    return b.append(r.warnings()).append(r.infos()).toString();
  }

  private void assertSame(RangeResultCache cache, String q, long start, long end, long step) {
    String want = render(engine.rangeQuery(head, q, start, end, step));
    String got = render(cache.rangeQuery(head, q, start, end, step));
    assertEquals(want, got, q + " over [" + (start - now) / MIN + ", " + (end - now) / MIN + "] min");
  }

  static final List<String> QUERIES = List.of(
      "sum by (job) (rate(c_total[5m]))",
      "topk(2, g)",
      "g > 0.5",
      "avg_over_time(g[10m:1m]) * on (pod) group_left c_total",
      "increase(c_total[1h])",
      "count(g) by (job)");

  @Test
  void aSlidingDashboardGetsTheEnginesAnswersWhileEvaluatingOnlyNewSteps() {
    write(now - 4 * 60 * MIN, now - 30 * MIN, 6);
    RangeResultCache cache = new RangeResultCache(engine, 64L << 20);
    for (String q : QUERIES) {
      // "The last 90 minutes" refreshed as time passes, the end falling on and between steps.
      for (long end = now - 60 * MIN; end <= now; end += 7 * MIN) assertSame(cache, q, end - 90 * MIN, end, 60_000);
      for (int i = 0; i < 3; i++) assertSame(cache, q, now - 150 * MIN, now - 60 * MIN, 60_000);
    }
    assertTrue(cache.partialHits() >= QUERIES.size() * 8, "partial hits " + cache.partialHits());
    assertTrue(cache.hits() >= QUERIES.size() * 2, "hits " + cache.hits());
    assertTrue(cache.bytes() > 0);
  }

  @Test
  void aBackfilledSampleReachesARangeTheCacheHeld() {
    write(now - 3 * 60 * MIN, now - 60 * MIN, 4);
    RangeResultCache cache = new RangeResultCache(engine, 64L << 20);
    String q = "count by (job) (g)";
    long start = now - 150 * MIN;
    long end = now - 70 * MIN;
    assertSame(cache, q, start, end, 60_000);
    assertSame(cache, q, start, end, 60_000);
    assertEquals(1, cache.hits());
    write(now - 2 * 60 * MIN, now - 90 * MIN, 9); // new pods, two hours behind the clock
    String after = render(cache.rangeQuery(head, q, start, end, 60_000));
    assertEquals(render(engine.rangeQuery(head, q, start, end, 60_000)), after);
    assertTrue(after.contains("j2"), after);
    assertEquals(1, cache.hits(), "the held range was dropped, not used");
  }

  @Test
  void stepsNewerThanTheSettledBoundAreEvaluatedAgain() {
    write(now - 60 * MIN, now - 2 * MIN, 3);
    RangeResultCache cache = new RangeResultCache(engine, 64L << 20);
    String q = "sum(g)";
    long start = now - 30 * MIN;
    assertSame(cache, q, start, now, 60_000);
    write(now - 2 * MIN, now + 1, 3); // live samples: the epoch stays, the newest steps change
    assertSame(cache, q, start, now, 60_000);
    assertEquals(1, cache.partialHits(), "the settled steps came from the cache");
  }

  @Test
  void queriesWhoseStepsReadPastTheirOwnTimeAreNotKept() {
    write(now - 3 * 60 * MIN, now - 60 * MIN, 2);
    RangeResultCache cache = new RangeResultCache(engine, 64L << 20);
    long start = now - 150 * MIN;
    long end = now - 70 * MIN;
    for (String q : List.of("g @ " + (end / 1000), "g @ end()", "g offset -10m", "g offset -step() * 2",
        "rate(c_total[5m] offset -1m)", "g + start()", "vector(end())", "g * range()", "max_over_time(g[10m:1m] offset -5m)",
        "rate(c_total[step() * 5])")) {
      for (int i = 0; i < 2; i++) assertSame(cache, q, start, end, 60_000);
    }
    assertEquals(0, cache.hits() + cache.partialHits() + cache.misses());
    assertEquals(0, cache.bytes());
  }

  @Test
  void aQueryThatCannotBeKeptDoesNotAskTheStorageForItsState() {
    write(now - 3 * 60 * MIN, now - 60 * MIN, 2);
    AtomicInteger asked = new AtomicInteger();
    Queryable counting = new Queryable() {
      @Override
      public Querier querier(long mint, long maxt) {
        return head.querier(mint, maxt);
      }

      @Override
      public SettledData settledData() {
        return () -> {
          asked.incrementAndGet();
          return head.settledData().state();
        };
      }
    };
    RangeResultCache cache = new RangeResultCache(engine, 64L << 20);
    cache.rangeQuery(counting, "g offset -5m", now - 150 * MIN, now - 70 * MIN, 60_000);
    assertEquals(0, asked.get(), "a cluster would have called every node for nothing");
    cache.rangeQuery(counting, "sum(g)", now - 150 * MIN, now - 70 * MIN, 60_000);
    assertEquals(1, asked.get());
  }

  @Test
  void resultsWithAnnotationsAreEvaluatedEachTime() {
    write(now - 3 * 60 * MIN, now - 60 * MIN, 2);
    RangeResultCache cache = new RangeResultCache(engine, 64L << 20);
    String q = "rate(g[5m])"; // info: g might not be a counter
    long start = now - 150 * MIN;
    long end = now - 70 * MIN;
    for (int i = 0; i < 3; i++) assertSame(cache, q, start, end, 60_000);
    assertFalse(engine.rangeQuery(head, q, start, end, 60_000).infos().isEmpty(), "the query has an annotation");
    assertEquals(0, cache.hits() + cache.partialHits());
    assertEquals(3, cache.misses());
  }

  @Test
  void aShorterRangeOverHeldStepsDoesNotShrinkWhatIsHeld() {
    write(now - 4 * 60 * MIN, now - 60 * MIN, 3);
    RangeResultCache cache = new RangeResultCache(engine, 64L << 20);
    String q = "sum by (job) (g)";
    long start = now - 200 * MIN;
    assertSame(cache, q, start, now - 70 * MIN, 60_000);
    assertSame(cache, q, start, now - 120 * MIN, 60_000); // another panel: the same query over less
    assertSame(cache, q, start, now - 70 * MIN, 60_000);
    assertEquals(2, cache.hits());
    assertEquals(0, cache.partialHits());
  }

  @Test
  void theByteBudgetBoundsWhatIsHeld() {
    write(now - 3 * 60 * MIN, now - 60 * MIN, 6);
    long budget = 200_000; // thirty results of about 12 KB
    RangeResultCache cache = new RangeResultCache(engine, budget);
    for (int w = 1; w <= 30; w++) {
      assertSame(cache, "sum by (pod) (rate(c_total[" + w + "m]))", now - 170 * MIN, now - 70 * MIN, 60_000);
      assertTrue(cache.bytes() <= budget, "held " + cache.bytes());
    }
    assertTrue(cache.bytes() > 0);
  }

  @Test
  void aZeroBudgetPassesEveryQueryThrough() {
    write(now - 3 * 60 * MIN, now - 60 * MIN, 2);
    RangeResultCache cache = new RangeResultCache(engine, 0);
    for (int i = 0; i < 2; i++) assertSame(cache, "sum(g)", now - 150 * MIN, now - 70 * MIN, 60_000);
    assertEquals(0, cache.hits() + cache.partialHits() + cache.misses());
  }
}
