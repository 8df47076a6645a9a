package io.hearth.promql.engine;

import io.hearth.promql.ast.AtModifier;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.promql.planner.FragmentExecutor;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.Series;
import io.hearth.sharding.api.SeriesSet;
import io.hearth.sharding.api.StorageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * State shared by every evaluator of one query: the querier, limits (lookback, max samples,
 * deadline), the series each selector selected (selected once per selector node, as Prometheus
 * does), sample accounting and annotations. One per query; not thread-safe.
 */
final class QueryContext {
  static final String ENV = "query execution";
  /** The default resolution of subqueries written without a step ({@code x[1h:]}). */
  static final long DEFAULT_SUBQUERY_STEP_MS = 60_000;

  final String query;
  final Querier querier;
  final long lookbackMs;
  final long maxSamples;
  final long deadlineNanos;
  final Annotations annotations;
  final long queryStart;
  final long queryEnd;
  final long queryStep;
  final boolean rangeQuery;
  private final Map<VectorSelector, List<Series>> selected = new IdentityHashMap<>();
  /** Selectors read through {@link StatsHintIterator} (see {@link StatsDecoding}). */
  Set<VectorSelector> statsDecoded = Collections.emptySet();
  /** Runs pushed-down aggregations on the shards; null on a single node (and on a shard itself). */
  FragmentExecutor fragments;
  private long currentSamples;
  long peakSamples;
  long totalSamples;
  private int checks;

  QueryContext(String query, Querier querier, EngineOptions options, long start, long end, long step,
      boolean rangeQuery, long deadlineNanos) {
    this.query = query;
    this.querier = querier;
    this.lookbackMs = options.lookbackDeltaMs() > 0 ? options.lookbackDeltaMs() : 5 * 60_000L;
    this.maxSamples = options.maxSamples();
    this.deadlineNanos = deadlineNanos;
    this.annotations = new Annotations(query);
    this.queryStart = start;
    this.queryEnd = end;
    this.queryStep = step;
    this.rangeQuery = rangeQuery;
  }

  /** The resolved time of an {@code @} modifier. */
  long atTime(AtModifier at) {
    return at.resolve(queryStart, queryEnd);
  }

  /** The query range for duration expressions ({@code range()}). */
  long durationRange() {
    return queryEnd - queryStart;
  }

  /** Throws the timeout error once the deadline has passed (checked every few calls). */
  void checkTimeout() {
    if ((++checks & 63) == 0 && System.nanoTime() - deadlineNanos > 0) {
      throw new PromQLException(PromQLException.ErrorType.TIMEOUT, "query timed out in expression evaluation");
    }
  }

  void checkTimeoutNow() {
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new PromQLException(PromQLException.ErrorType.TIMEOUT, "query timed out in expression evaluation");
    }
  }

  /** Accounts {@code n} more samples held in memory; fails past the limit. */
  void addSamples(long n) {
    currentSamples += n;
    totalSamples += n;
    if (currentSamples > peakSamples) {
      peakSamples = currentSamples;
    }
    if (currentSamples > maxSamples) {
      throw PromQLException.execution("query processing would load too many samples into memory in " + ENV);
    }
  }

  void releaseSamples(long n) {
    currentSamples -= n;
  }

  long currentSamples() {
    return currentSamples;
  }

  /**
   * An iterator over {@code s} for selector {@code vs}, reusing {@code reuse} (a previous result of
   * this method for the same selector) when possible.
   */
  SampleIterator iterator(VectorSelector vs, Series s, SampleIterator reuse) {
    if (!statsDecoded.contains(vs)) {
      return s.iterator(reuse);
    }
    StatsHintIterator w = reuse instanceof StatsHintIterator ? (StatsHintIterator) reuse : new StatsHintIterator();
    return w.reset(s.iterator(reuse instanceof StatsHintIterator ? w.inner() : reuse));
  }

  /** The series of a selector, selected from storage on first use. */
  List<Series> select(VectorSelector vs) {
    List<Series> s = selected.get(vs);
    if (s != null) {
      return s;
    }
    s = new ArrayList<>();
    try {
      // Sorted by labels, as Prometheus's storage returns them: the order is visible, e.g. in which
      // pair of series a many-to-many matching error names.
      SeriesSet set = querier.select(true, vs.matchers().toArray(new Matcher[0]));
      while (set.next()) {
        checkTimeout();
        s.add(set.at());
      }
    } catch (StorageException e) {
      throw new PromQLException(PromQLException.ErrorType.EXECUTION, "expanding series: " + e.getMessage(), e);
    }
    selected.put(vs, s);
    return s;
  }
}
