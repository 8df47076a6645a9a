package io.hearth.promql.histogram;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.FloatHistogram.CounterResetHint;

/**
 * The increase of a native histogram over a window ({@code histogramRate} in Prometheus): last
 * minus first in the coarsest schema seen, corrected for counter resets when the series is a
 * counter. Problems are reported as bits in a flag word the caller turns into annotations.
 */
public final class HistogramRate {
  public static final int WARN_NOT_COUNTER = 1;
  public static final int WARN_NOT_GAUGE = 2;
  public static final int WARN_MIXED_EXPONENTIAL_CUSTOM = 4;
  public static final int INFO_RECONCILED_SUB = 8;
  public static final int INFO_RECONCILED_ADD = 16;

  private HistogramRate() {}

  /**
   * The raw increase (not extrapolated) over {@code points[from..to)} (at least two), or null when
   * the histograms cannot be combined. {@code flags[0]} receives the problem bits.
   */
  public static FloatHistogram increase(FloatHistogram[] points, int from, int to, boolean isCounter, int[] flags) {
    FloatHistogram prev = points[from];
    FloatHistogram last = points[to - 1];
    boolean custom = prev.usesCustomBuckets();
    if (isCounter && (prev.counterResetHint == CounterResetHint.GAUGE || last.counterResetHint == CounterResetHint.GAUGE)) {
      flags[0] |= WARN_NOT_COUNTER;
    }
    if (isCounter && to - from > 1) {
      FloatHistogram second = points[from + 1];
      if (HistogramMath.detectReset(second, prev)) {
        FloatHistogram empty = new FloatHistogram();
        empty.schema = second.schema;
        empty.customValues = second.customValues;
        prev = empty;
        custom = second.usesCustomBuckets();
      }
    }
    if (last.usesCustomBuckets() != custom) {
      flags[0] |= WARN_MIXED_EXPONENTIAL_CUSTOM;
      return null;
    }
    int minSchema = Math.min(last.schema, prev.schema);
    for (int i = from + 1; i < to - 1; i++) {
      FloatHistogram curr = points[i];
      if (!isCounter) {
        continue;
      }
      if (curr.counterResetHint == CounterResetHint.GAUGE) {
        flags[0] |= WARN_NOT_COUNTER;
      }
      minSchema = Math.min(minSchema, curr.schema);
      if (curr.usesCustomBuckets() != custom) {
        flags[0] |= WARN_MIXED_EXPONENTIAL_CUSTOM;
        return null;
      }
    }
    HistogramMath.Flags f = new HistogramMath.Flags();
    FloatHistogram h;
    try {
      h = HistogramMath.sub(HistogramMath.copyToSchema(last, minSchema), prev, f);
    } catch (IncompatibleHistogramsException e) {
      flags[0] |= WARN_MIXED_EXPONENTIAL_CUSTOM;
      return null;
    }
    if (f.customBucketsReconciled) {
      flags[0] |= INFO_RECONCILED_SUB;
    }
    if (isCounter) {
      FloatHistogram p = prev;
      for (int i = from + 1; i < to; i++) {
        FloatHistogram curr = points[i];
        if (HistogramMath.detectReset(curr, p)) {
          f.clear();
          try {
            h = HistogramMath.add(h, p, f);
          } catch (IncompatibleHistogramsException e) {
            flags[0] |= WARN_MIXED_EXPONENTIAL_CUSTOM;
            return null;
          }
          if (f.customBucketsReconciled) {
            flags[0] |= INFO_RECONCILED_ADD;
          }
        }
        p = curr;
      }
    } else if (points[from].counterResetHint != CounterResetHint.GAUGE
        || points[to - 1].counterResetHint != CounterResetHint.GAUGE) {
      flags[0] |= WARN_NOT_GAUGE;
    }
    h.counterResetHint = CounterResetHint.GAUGE;
    return HistogramMath.compact(h);
  }
}
