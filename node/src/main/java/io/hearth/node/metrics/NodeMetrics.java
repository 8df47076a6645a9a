package io.hearth.node.metrics;

import io.hearth.promql.cache.RangeResultCache;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The node's own counters and histograms (ingest, HTTP, queries, notifications). Thread-safe. */
public final class NodeMetrics {
  public final LongAdder samplesIngested = new LongAdder();
  public final LongAdder histogramsIngested = new LongAdder();
  final Map<String, LongAdder> rejectedByReason = new ConcurrentHashMap<>();
  final Map<String, LongAdder> remoteWriteByResult = new ConcurrentHashMap<>();
  final Map<String, LongAdder> httpRequests = new ConcurrentHashMap<>();
  final Map<String, Histogram> queryDurations = new ConcurrentHashMap<>();
  public final LongAdder queriesFailed = new LongAdder();
  /** The notifier's figures (alerts sent to Alertmanager). */
  public final NotifierMetrics notifications = new NotifierMetrics();
  /** HA pair deduplication on remote write (rendered only when it is on). */
  public final HaMetrics ha = new HaMetrics();
  /** The range query results cache, once the query API is up (rendered when set). */
  public volatile RangeResultCache resultsCache;

  public LongAdder rejected(String reason) {
    return rejectedByReason.computeIfAbsent(reason, k -> new LongAdder());
  }

  public LongAdder remoteWriteRequests(String result) {
    return remoteWriteByResult.computeIfAbsent(result, k -> new LongAdder());
  }

  public void httpRequest(String handler, int code) {
    httpRequests.computeIfAbsent(handler + "\u0000" + code, k -> new LongAdder()).increment();
  }

  /** Records a query's duration in seconds under its kind (instant, range). */
  public void queryDuration(String kind, double seconds) {
    queryDurations.computeIfAbsent(kind, k -> new Histogram(Histogram.QUERY_BUCKETS)).observe(seconds);
  }

  /** A cumulative histogram with fixed buckets. */
  static final class Histogram {
    static final double[] QUERY_BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
    final double[] bounds;
    final LongAdder[] counts;
    final LongAdder count = new LongAdder();
    final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

    Histogram(double[] bounds) {
      this.bounds = bounds;
      this.counts = new LongAdder[bounds.length];
      for (int i = 0; i < bounds.length; i++) counts[i] = new LongAdder();
    }

    void observe(double v) {
      for (int i = 0; i < bounds.length; i++) {
        if (v <= bounds[i]) {
          counts[i].increment();
          break;
        }
      }
      count.increment();
      sum.add(v);
    }
  }
}
