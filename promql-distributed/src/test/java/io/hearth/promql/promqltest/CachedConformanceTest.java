package io.hearth.promql.promqltest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.promql.cache.RangeResultCache;
import io.hearth.promql.engine.QueryEngine;
import io.hearth.promql.engine.QueryResult;
import io.hearth.sharding.api.Queryable;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Runs the upstream scripts, unchanged and checked as {@link PromqlConformanceTest} checks them,
 * through {@link RangeResultCache}: every range eval is asked three times, first for the steps of
 * its first half (which the cache keeps), then for the whole range (evaluating only the second
 * half and merging), then again (answered from the cache alone), and the last answer is checked.
 * Exactly the evals that fail without the cache may fail. The scripts' data lies in 1970, long
 * settled, and their later {@code load}s write into it again, so the cache must also drop what a
 * load changed.
 */
class CachedConformanceTest {
  private static final String KNOWN_FAILURES = "src/test/resources/promqltest/known-failures.txt";
  private static final String REPORT = "target/promqltest-cached-report.txt";
  private static final LongAdder HITS = new LongAdder();
  private static final LongAdder PARTIAL_HITS = new LongAdder();

  @Test
  void upstreamScriptsAnswerThroughTheResultsCacheAsWithout() throws IOException {
    PromqlConformanceTest.runScripts(() -> {
      RangeResultCache cache = new RangeResultCache(PromqlConformanceTest.newEngine(), 64L << 20);
      ScriptStore s = ScriptStore.singleHead(new Thrice(cache));
      return new ScriptStore(s.appenders(), s.engine(), s.storage(), () -> {
        HITS.add(cache.hits());
        PARTIAL_HITS.add(cache.partialHits());
        s.close();
      });
    }, KNOWN_FAILURES, KnownFailures.HEADER, "hearth.promqltests.updateKnownFailures.viaCache", REPORT);
    assertTrue(HITS.sum() > 1000, "range evals answered from the cache alone: " + HITS.sum());
    assertTrue(PARTIAL_HITS.sum() > 1000, "range evals that merged cached and new steps: " + PARTIAL_HITS.sum());
  }

  /** Asks the cache for each range three times (see the class comment); instant queries once. */
  private record Thrice(RangeResultCache cache) implements QueryEngine {
    @Override
    public QueryResult instantQuery(Queryable storage, String query, long timeMs) {
      return cache.instantQuery(storage, query, timeMs);
    }

    @Override
    public QueryResult rangeQuery(Queryable storage, String query, long start, long end, long step) {
      long mid = step <= 0 || end < start ? start : start + (end - start) / step / 2 * step;
      try {
        cache.rangeQuery(storage, query, start, mid, step);
      } catch (RuntimeException sameAsTheWholeRangeOrNot) {
        // the third call reports what the whole range gives
      }
      try {
        cache.rangeQuery(storage, query, start, end, step);
      } catch (RuntimeException reportedBelow) {
        // as above
      }
      return cache.rangeQuery(storage, query, start, end, step);
    }
  }
}
