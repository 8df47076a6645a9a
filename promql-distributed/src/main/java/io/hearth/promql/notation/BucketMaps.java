package io.hearth.promql.notation;

import io.hearth.sharding.api.FloatHistogram;
import java.util.Map;
import java.util.TreeMap;

/**
 * Native histogram buckets as maps from bucket index to count: reading spans, writing them back
 * compacted, and the arithmetic the series notation needs ({@code {{A}}+{{B}}xN}). Stateless.
 */
public final class BucketMaps {
  private BucketMaps() {}

  /** Whether two custom bucket bound lists are the same. */
  public static boolean sameBounds(double[] a, double[] b) {
    if (a.length != b.length) return false;
    for (int i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
    return true;
  }

  /** Bucket index to count, for every bucket the spans describe. */
  public static TreeMap<Integer, Double> byIndex(int[] spans, double[] buckets) {
    TreeMap<Integer, Double> m = new TreeMap<>();
    int idx = 0, k = 0;
    for (int s = 0; s + 1 < spans.length; s += 2) {
      idx += spans[s];
      for (int n = 0; n < spans[s + 1] && k < buckets.length; n++, idx++, k++) m.put(idx, buckets[k]);
    }
    return m;
  }

  /** As {@link #byIndex} without the empty buckets: the compacted form. */
  public static TreeMap<Integer, Double> nonEmpty(int[] spans, double[] buckets) {
    TreeMap<Integer, Double> m = byIndex(spans, buckets);
    m.values().removeIf(v -> v == 0);
    return m;
  }

  /** Sets spans and buckets of {@code h}'s positive ({@code positive}) or negative side from a map. */
  public static void setBuckets(FloatHistogram h, boolean positive, TreeMap<Integer, Double> m) {
    int runs = 0;
    Integer prev = null;
    for (int idx : m.keySet()) {
      if (prev == null || idx != prev + 1) runs++;
      prev = idx;
    }
    int[] spans = new int[2 * runs];
    double[] values = new double[m.size()];
    int s = -2, k = 0;
    int end = 0; // index after the previous span
    prev = null;
    for (Map.Entry<Integer, Double> e : m.entrySet()) {
      int idx = e.getKey();
      if (prev == null || idx != prev + 1) {
        s += 2;
        spans[s] = prev == null ? idx : idx - end;
      }
      spans[s + 1]++;
      values[k++] = e.getValue();
      end = idx + 1;
      prev = idx;
    }
    if (positive) {
      h.positiveSpans = spans;
      h.positiveBuckets = values;
    } else {
      h.negativeSpans = spans;
      h.negativeBuckets = values;
    }
  }

  /** Removes empty buckets and merges spans (Prometheus's {@code Compact(0)}); returns {@code h}. */
  public static FloatHistogram compact(FloatHistogram h) {
    setBuckets(h, true, nonEmpty(h.positiveSpans, h.positiveBuckets));
    setBuckets(h, false, nonEmpty(h.negativeSpans, h.negativeBuckets));
    return h;
  }

  /**
   * {@code a + sign * b} as the script notation {@code {{A}}+{{B}}xN} computes it: {@code b} is
   * reduced to {@code a}'s schema, which must not be finer than {@code b}'s; custom buckets must
   * have the same bounds. The result is a gauge when either side is, else has {@code a}'s hint.
   * Buckets that a wider zero bucket would swallow are not moved (no script needs it).
   */
  public static FloatHistogram combine(FloatHistogram a, FloatHistogram b, int sign) {
    if (a.usesCustomBuckets() != b.usesCustomBuckets()) {
      throw new IllegalArgumentException("cannot combine exponential and custom bucket histograms");
    }
    if (a.usesCustomBuckets() && !sameBounds(a.customValues, b.customValues)) {
      throw new IllegalArgumentException("cannot combine custom bucket histograms with different bounds");
    }
    if (a.schema > b.schema) {
      throw new IllegalArgumentException("error combining histograms: cannot merge from schema " + b.schema + " to "
          + a.schema);
    }
    FloatHistogram r = a.copy();
    r.count = a.count + sign * b.count;
    r.sum = a.sum + sign * b.sum;
    r.zeroCount = a.zeroCount + sign * b.zeroCount;
    r.zeroThreshold = Math.max(a.zeroThreshold, b.zeroThreshold);
    if (b.counterResetHint == FloatHistogram.CounterResetHint.GAUGE) r.counterResetHint = b.counterResetHint;
    int shift = a.usesCustomBuckets() ? 0 : b.schema - a.schema;
    setBuckets(r, true, merge(byIndex(a.positiveSpans, a.positiveBuckets), byIndex(b.positiveSpans, b.positiveBuckets),
        shift, sign));
    setBuckets(r, false, merge(byIndex(a.negativeSpans, a.negativeBuckets), byIndex(b.negativeSpans, b.negativeBuckets),
        shift, sign));
    return r;
  }

  private static TreeMap<Integer, Double> merge(TreeMap<Integer, Double> a, TreeMap<Integer, Double> b, int shift,
      int sign) {
    TreeMap<Integer, Double> r = new TreeMap<>(a);
    for (Map.Entry<Integer, Double> e : b.entrySet()) {
      // Index of the bucket of a coarser schema that contains this one (Prometheus's targetIdx).
      int idx = shift == 0 ? e.getKey() : ((e.getKey() - 1) >> shift) + 1;
      r.merge(idx, sign * e.getValue(), Double::sum);
    }
    return r;
  }
}
