package io.hearth.promql.engine;

import io.hearth.promql.histogram.HistogramMath;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.StaleNaN;
import io.hearth.sharding.api.ValueType;

/**
 * Instant-selector lookup over one series: for non-decreasing reference times, finds the newest
 * sample at or before the reference time and within the lookback delta, unless it is a staleness
 * marker ({@code vectorSelectorSingle} in Prometheus). Reusable; not thread-safe.
 */
final class PointLookup {
  private final long lookback;
  private SampleIterator it;
  private ValueType cur;
  private boolean started;
  private boolean prevValid;
  /** The found sample's timestamp, kind and value. */
  long t;
  ValueType kind;
  double v;
  FloatHistogram h;

  PointLookup(long lookbackMs) {
    this.lookback = lookbackMs;
  }

  void reset(SampleIterator iterator) {
    it = iterator;
    started = false;
    prevValid = false;
    cur = ValueType.NONE;
    h = null;
  }

  /** Whether a sample is visible at {@code ref}; the sample is then in {@link #t}/{@link #v}/{@link #h}. */
  boolean find(long ref) {
    if (!started) {
      cur = it.next();
      started = true;
    }
    if (cur != ValueType.NONE && it.atT() <= ref - lookback) {
      // Everything up to ref - lookback is out of reach: skip it in one go.
      cur = it.seek(ref - lookback + 1);
      prevValid = false;
    }
    while (cur != ValueType.NONE && it.atT() <= ref) {
      t = it.atT();
      kind = cur;
      if (cur == ValueType.FLOAT) {
        v = it.atV();
        h = null;
      } else {
        h = it.atHistogram(null);
      }
      prevValid = true;
      cur = it.next();
    }
    if (!prevValid || t <= ref - lookback) {
      return false;
    }
    if (kind == ValueType.FLOAT) {
      return !StaleNaN.is(v);
    }
    return !HistogramMath.isStale(h);
  }
}
