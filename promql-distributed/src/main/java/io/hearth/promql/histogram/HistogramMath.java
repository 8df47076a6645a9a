package io.hearth.promql.histogram;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.FloatHistogram.CounterResetHint;
import java.util.Arrays;

/**
 * Arithmetic on native histograms with Prometheus's semantics ({@code model/histogram/float_histogram.go}):
 * addition and subtraction across schemas (to the coarser one) and zero thresholds (to the wider
 * one), custom-bucket reconciliation, scaling, compaction, schema reduction and counter-reset
 * detection.
 *
 * <p>Results are always compacted (no empty buckets; adjacent buckets in one span). Inputs are never
 * modified unless a method says so.
 */
public final class HistogramMath {
  private HistogramMath() {}

  /** Flags a binary histogram operation raises; the caller turns them into annotations. */
  public static final class Flags {
    public boolean counterResetCollision;
    public boolean customBucketsReconciled;

    public void clear() {
      counterResetCollision = false;
      customBucketsReconciled = false;
    }
  }

  /** {@code a + b} as a new histogram. */
  public static FloatHistogram add(FloatHistogram a, FloatHistogram b, Flags flags) {
    return combine(a, b, 1, flags);
  }

  /** {@code a - b} as a new histogram (the caller decides on the gauge hint). */
  public static FloatHistogram sub(FloatHistogram a, FloatHistogram b, Flags flags) {
    return combine(a, b, -1, flags);
  }

  private static FloatHistogram combine(FloatHistogram a, FloatHistogram b, double sign, Flags flags) {
    if (a.usesCustomBuckets() != b.usesCustomBuckets()) {
      throw new IncompatibleHistogramsException();
    }
    FloatHistogram r = new FloatHistogram();
    r.counterResetHint = combinedHint(a.counterResetHint, b.counterResetHint, flags);
    r.count = a.count + sign * b.count;
    r.sum = a.sum + sign * b.sum;
    if (a.usesCustomBuckets()) {
      r.schema = FloatHistogram.CUSTOM_BUCKETS_SCHEMA;
      SparseBuckets pa = SparseBuckets.of(a.positiveSpans, a.positiveBuckets);
      SparseBuckets pb = SparseBuckets.of(b.positiveSpans, b.positiveBuckets);
      double[] bounds = a.customValues;
      if (!Arrays.equals(a.customValues, b.customValues)) {
        bounds = intersect(a.customValues, b.customValues);
        pa = remapCustom(pa, a.customValues, bounds);
        pb = remapCustom(pb, b.customValues, bounds);
        if (flags != null) {
          flags.customBucketsReconciled = true;
        }
      }
      SparseBuckets sum = SparseBuckets.merge(pa, pb, sign);
      r.customValues = bounds.clone();
      r.positiveSpans = sum.toSpans();
      r.positiveBuckets = sum.toCounts();
      r.zeroCount = a.zeroCount + sign * b.zeroCount;
      return r;
    }
    int schema = Math.min(a.schema, b.schema);
    SparseBuckets ap = SparseBuckets.of(a.positiveSpans, a.positiveBuckets);
    SparseBuckets an = SparseBuckets.of(a.negativeSpans, a.negativeBuckets);
    SparseBuckets bp = SparseBuckets.of(b.positiveSpans, b.positiveBuckets);
    SparseBuckets bn = SparseBuckets.of(b.negativeSpans, b.negativeBuckets);
    double threshold = a.zeroThreshold;
    double az = a.zeroCount;
    double bz = b.zeroCount;
    if (a.zeroThreshold != b.zeroThreshold) {
      threshold = Math.max(a.zeroThreshold, b.zeroThreshold);
      boolean changed = true;
      while (changed) {
        changed = false;
        double t = widen(threshold, ap, a.schema);
        t = widen(t, an, a.schema);
        t = widen(t, bp, b.schema);
        t = widen(t, bn, b.schema);
        if (t != threshold) {
          threshold = t;
          changed = true;
        }
      }
      az += absorb(ap, a.schema, threshold) + absorb(an, a.schema, threshold);
      bz += absorb(bp, b.schema, threshold) + absorb(bn, b.schema, threshold);
    }
    ap = ap.reduce(a.schema, schema);
    an = an.reduce(a.schema, schema);
    bp = bp.reduce(b.schema, schema);
    bn = bn.reduce(b.schema, schema);
    SparseBuckets pos = SparseBuckets.merge(ap, bp, sign);
    SparseBuckets neg = SparseBuckets.merge(an, bn, sign);
    r.schema = schema;
    r.zeroThreshold = threshold;
    r.zeroCount = az + sign * bz;
    r.positiveSpans = pos.toSpans();
    r.positiveBuckets = pos.toCounts();
    r.negativeSpans = neg.toSpans();
    r.negativeBuckets = neg.toCounts();
    return r;
  }

  /** Extends {@code threshold} to the upper bound of a populated bucket that straddles it. */
  static double widen(double threshold, SparseBuckets b, int schema) {
    for (int i = 0; i < b.n; i++) {
      double lower = BucketLayout.lowerBound(b.idx[i], schema, null);
      if (lower >= threshold) {
        break;
      }
      double upper = BucketLayout.upperBound(b.idx[i], schema, null);
      if (upper > threshold && b.cnt[i] != 0) {
        return upper;
      }
    }
    return threshold;
  }

  /** Removes the buckets below {@code threshold} and returns their total count. */
  static double absorb(SparseBuckets b, int schema, double threshold) {
    double absorbed = 0;
    int keep = 0;
    for (int i = 0; i < b.n; i++) {
      if (BucketLayout.lowerBound(b.idx[i], schema, null) < threshold) {
        absorbed += b.cnt[i];
      } else {
        b.idx[keep] = b.idx[i];
        b.cnt[keep] = b.cnt[i];
        keep++;
      }
    }
    b.n = keep;
    return absorbed;
  }

  static double[] intersect(double[] a, double[] b) {
    double[] out = new double[Math.min(a.length, b.length)];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        out[k++] = a[i];
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return Arrays.copyOf(out, k);
  }

  private static SparseBuckets remapCustom(SparseBuckets b, double[] from, double[] to) {
    SparseBuckets r = new SparseBuckets(b.n);
    int target = 0;
    for (int i = 0; i < b.n; i++) {
      double upper = b.idx[i] >= from.length ? Double.POSITIVE_INFINITY : from[b.idx[i]];
      while (target < to.length && to[target] < upper) {
        target++;
      }
      r.accumulate(target, b.cnt[i]);
    }
    return r;
  }

  static CounterResetHint combinedHint(CounterResetHint h, CounterResetHint o, Flags flags) {
    if (h == o) {
      return h;
    }
    if (h == CounterResetHint.GAUGE || o == CounterResetHint.GAUGE) {
      return CounterResetHint.GAUGE;
    }
    if (h == CounterResetHint.UNKNOWN || o == CounterResetHint.UNKNOWN) {
      return CounterResetHint.UNKNOWN;
    }
    if (flags != null) {
      flags.counterResetCollision = true;
    }
    return CounterResetHint.UNKNOWN;
  }

  /** Multiplies every count and the sum by {@code f}, in place; returns {@code h}. */
  public static FloatHistogram mul(FloatHistogram h, double f) {
    h.count *= f;
    h.sum *= f;
    h.zeroCount *= f;
    h.positiveBuckets = h.positiveBuckets.clone();
    h.negativeBuckets = h.negativeBuckets.clone();
    for (int i = 0; i < h.positiveBuckets.length; i++) {
      h.positiveBuckets[i] *= f;
    }
    for (int i = 0; i < h.negativeBuckets.length; i++) {
      h.negativeBuckets[i] *= f;
    }
    return h;
  }

  /** Divides every count and the sum by {@code f}, in place; returns {@code h}. */
  public static FloatHistogram div(FloatHistogram h, double f) {
    h.count /= f;
    h.sum /= f;
    h.zeroCount /= f;
    if (f == 0) {
      // Division by zero removes all buckets (Prometheus's FloatHistogram.Div).
      h.positiveSpans = new int[0];
      h.positiveBuckets = new double[0];
      h.negativeSpans = new int[0];
      h.negativeBuckets = new double[0];
      return h;
    }
    h.positiveBuckets = h.positiveBuckets.clone();
    h.negativeBuckets = h.negativeBuckets.clone();
    for (int i = 0; i < h.positiveBuckets.length; i++) {
      h.positiveBuckets[i] /= f;
    }
    for (int i = 0; i < h.negativeBuckets.length; i++) {
      h.negativeBuckets[i] /= f;
    }
    return h;
  }

  /** Removes empty buckets and merges adjacent spans, in place; returns {@code h}. */
  public static FloatHistogram compact(FloatHistogram h) {
    SparseBuckets p = SparseBuckets.of(h.positiveSpans, h.positiveBuckets);
    h.positiveSpans = p.toSpans();
    h.positiveBuckets = p.toCounts();
    SparseBuckets n = SparseBuckets.of(h.negativeSpans, h.negativeBuckets);
    h.negativeSpans = n.toSpans();
    h.negativeBuckets = n.toCounts();
    return h;
  }

  /** A copy of {@code h} reduced to {@code schema} (a plain compacted copy when not coarser). */
  public static FloatHistogram copyToSchema(FloatHistogram h, int schema) {
    FloatHistogram r = h.copy();
    if (h.usesCustomBuckets() || schema >= h.schema) {
      return compact(r);
    }
    SparseBuckets p = SparseBuckets.of(h.positiveSpans, h.positiveBuckets).reduce(h.schema, schema);
    SparseBuckets n = SparseBuckets.of(h.negativeSpans, h.negativeBuckets).reduce(h.schema, schema);
    r.schema = schema;
    r.positiveSpans = p.toSpans();
    r.positiveBuckets = p.toCounts();
    r.negativeSpans = n.toSpans();
    r.negativeBuckets = n.toCounts();
    return r;
  }

  /** Whether {@code h} is a staleness marker (its sum carries the stale NaN bits). */
  public static boolean isStale(FloatHistogram h) {
    return Double.doubleToRawLongBits(h.sum) == io.hearth.sharding.api.StaleNaN.BITS;
  }

  /** Structural equality of two histograms after compaction (the hint is ignored). */
  public static boolean equalsCompacted(FloatHistogram a, FloatHistogram b) {
    if (a.schema != b.schema || a.zeroThreshold != b.zeroThreshold || a.zeroCount != b.zeroCount
        || a.count != b.count || !sameFloat(a.sum, b.sum)) {
      return false;
    }
    if (a.usesCustomBuckets() && !Arrays.equals(a.customValues, b.customValues)) {
      return false;
    }
    FloatHistogram ca = compact(a.copy());
    FloatHistogram cb = compact(b.copy());
    return Arrays.equals(ca.positiveSpans, cb.positiveSpans) && Arrays.equals(ca.positiveBuckets, cb.positiveBuckets)
        && Arrays.equals(ca.negativeSpans, cb.negativeSpans) && Arrays.equals(ca.negativeBuckets, cb.negativeBuckets);
  }

  private static boolean sameFloat(double x, double y) {
    return x == y || (Double.isNaN(x) && Double.isNaN(y));
  }

  /**
   * Whether {@code curr} following {@code prev} is a counter reset: an explicit hint, a change of
   * bucket kind or custom bounds, a lower count, a finer schema, a narrower zero bucket, or any
   * bucket that went down.
   */
  public static boolean detectReset(FloatHistogram curr, FloatHistogram prev) {
    if (curr.counterResetHint == CounterResetHint.COUNTER_RESET) {
      return true;
    }
    if (curr.counterResetHint == CounterResetHint.NOT_COUNTER_RESET) {
      return false;
    }
    if (curr.usesCustomBuckets() != prev.usesCustomBuckets()) {
      return true;
    }
    if (curr.usesCustomBuckets() && !Arrays.equals(curr.customValues, prev.customValues)) {
      // Different custom bounds are reconciled to the common ones before comparing.
      if (curr.count < prev.count) {
        return true;
      }
      double[] common = intersect(curr.customValues, prev.customValues);
      SparseBuckets c = remapCustom(SparseBuckets.of(curr.positiveSpans, curr.positiveBuckets), curr.customValues,
          common);
      SparseBuckets p = remapCustom(SparseBuckets.of(prev.positiveSpans, prev.positiveBuckets), prev.customValues,
          common);
      return bucketWentDown(c, p);
    }
    if (curr.count < prev.count || curr.schema > prev.schema || curr.zeroThreshold < prev.zeroThreshold) {
      return true;
    }
    double prevZero = prev.zeroCount;
    SparseBuckets pp = SparseBuckets.of(prev.positiveSpans, prev.positiveBuckets);
    SparseBuckets pn = SparseBuckets.of(prev.negativeSpans, prev.negativeBuckets);
    if (!curr.usesCustomBuckets() && curr.zeroThreshold > prev.zeroThreshold) {
      double t = widen(widen(curr.zeroThreshold, pp, prev.schema), pn, prev.schema);
      if (t != curr.zeroThreshold) {
        return true;
      }
      prevZero += absorb(pp, prev.schema, t) + absorb(pn, prev.schema, t);
    }
    if (curr.zeroCount < prevZero) {
      return true;
    }
    int schema = curr.schema;
    if (!curr.usesCustomBuckets()) {
      pp = pp.reduce(prev.schema, schema);
      pn = pn.reduce(prev.schema, schema);
    }
    return bucketWentDown(SparseBuckets.of(curr.positiveSpans, curr.positiveBuckets), pp)
        || bucketWentDown(SparseBuckets.of(curr.negativeSpans, curr.negativeBuckets), pn);
  }

  private static boolean bucketWentDown(SparseBuckets curr, SparseBuckets prev) {
    int j = 0;
    for (int i = 0; i < prev.n; i++) {
      if (prev.cnt[i] == 0) {
        continue;
      }
      while (j < curr.n && curr.idx[j] < prev.idx[i]) {
        j++;
      }
      if (j >= curr.n || curr.idx[j] != prev.idx[i] || curr.cnt[j] < prev.cnt[i]) {
        return true;
      }
    }
    return false;
  }

  /** An approximate in-memory size in samples, as Prometheus counts histograms against max samples. */
  public static int sampleWeight(FloatHistogram h) {
    int bytes = 64 + 8 * (h.positiveBuckets.length + h.negativeBuckets.length + h.customValues.length)
        + 4 * (h.positiveSpans.length + h.negativeSpans.length);
    return Math.max(1, bytes / 16);
  }

  /** Prometheus's text form of a histogram as used by {@code count_values}. */
  public static String text(FloatHistogram h) {
    StringBuilder b = new StringBuilder("{");
    HistogramBuckets all = HistogramBuckets.of(h);
    boolean first = true;
    if (h.counterResetHint == CounterResetHint.COUNTER_RESET) {
      b.append("counter_reset: ");
    }
    b.append("count:").append(io.hearth.promql.ast.Printing.goFloat(h.count));
    b.append(", sum:").append(io.hearth.promql.ast.Printing.goFloat(h.sum));
    for (int i = 0; i < all.n; i++) {
      if (all.count[i] == 0) {
        continue;
      }
      b.append(", ");
      first = false;
      b.append(all.lowerInclusive(i) ? '[' : '(').append(io.hearth.promql.ast.Printing.goFloat(all.lower[i]))
          .append(',').append(io.hearth.promql.ast.Printing.goFloat(all.upper[i]))
          .append(all.upperInclusive(i) ? ']' : ')').append(':')
          .append(io.hearth.promql.ast.Printing.goFloat(all.count[i]));
    }
    return b.append('}').toString();
  }
}
