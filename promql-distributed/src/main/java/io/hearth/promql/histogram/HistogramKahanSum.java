package io.hearth.promql.histogram;

import io.hearth.sharding.api.FloatHistogram;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * A compensated (Kahan-Neumaier) sum of native histograms, as Prometheus's {@code KahanAdd}: count,
 * sum, zero bucket and every bucket carry a compensation term. Histograms of a different schema,
 * zero threshold or custom bounds fall back to plain {@link HistogramMath#add} for the whole sum.
 * Not thread-safe.
 */
public final class HistogramKahanSum {
  private FloatHistogram plain;
  private boolean compensated = true;
  private int schema;
  private double zeroThreshold;
  private double[] customValues;
  private final double[] count = new double[2];
  private final double[] sum = new double[2];
  private final double[] zero = new double[2];
  private final TreeMap<Integer, double[]> pos = new TreeMap<>();
  private final TreeMap<Integer, double[]> neg = new TreeMap<>();
  private FloatHistogram.CounterResetHint hint;

  /** Adds {@code h}; {@code flags} receives reconciliation and collision flags. */
  public void add(FloatHistogram h, HistogramMath.Flags flags) {
    if (plain == null) {
      plain = h.copy();
      schema = h.schema;
      zeroThreshold = h.zeroThreshold;
      customValues = h.customValues;
      hint = h.counterResetHint;
      accumulate(h);
      return;
    }
    plain = HistogramMath.add(plain, h, flags);
    if (compensated && (h.schema != schema || h.zeroThreshold != zeroThreshold
        || !Arrays.equals(h.customValues, customValues))) {
      compensated = false;
    }
    if (compensated) {
      accumulate(h);
    }
  }

  private void accumulate(FloatHistogram h) {
    inc(count, h.count);
    inc(sum, h.sum);
    inc(zero, h.zeroCount);
    side(pos, SparseBuckets.of(h.positiveSpans, h.positiveBuckets));
    side(neg, SparseBuckets.of(h.negativeSpans, h.negativeBuckets));
  }

  private static void side(TreeMap<Integer, double[]> m, SparseBuckets b) {
    for (int i = 0; i < b.n; i++) {
      inc(m.computeIfAbsent(b.idx[i], k -> new double[2]), b.cnt[i]);
    }
  }

  private static void inc(double[] s, double x) {
    double t = s[0] + x;
    if (Double.isInfinite(t)) {
      s[1] = 0;
    } else if (Math.abs(s[0]) >= Math.abs(x)) {
      s[1] += (s[0] - t) + x;
    } else {
      s[1] += (x - t) + s[0];
    }
    s[0] = t;
  }

  private static double value(double[] s) {
    return Double.isInfinite(s[0]) ? s[0] : s[0] + s[1];
  }

  /** The sum so far (compacted), or null when nothing was added. */
  public FloatHistogram result() {
    if (plain == null || !compensated) {
      return plain == null ? null : HistogramMath.compact(plain);
    }
    FloatHistogram r = new FloatHistogram();
    r.counterResetHint = plain.counterResetHint;
    r.schema = schema;
    r.zeroThreshold = zeroThreshold;
    r.customValues = customValues.clone();
    r.count = value(count);
    r.sum = value(sum);
    r.zeroCount = value(zero);
    SparseBuckets p = new SparseBuckets(pos.size());
    pos.forEach((k, v) -> p.add(k, value(v)));
    SparseBuckets n = new SparseBuckets(neg.size());
    neg.forEach((k, v) -> n.add(k, value(v)));
    r.positiveSpans = p.toSpans();
    r.positiveBuckets = p.toCounts();
    r.negativeSpans = n.toSpans();
    r.negativeBuckets = n.toCounts();
    return r;
  }
}
