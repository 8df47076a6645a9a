package io.hearth.promql.histogram;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.FloatHistogram.CounterResetHint;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A compensated (Kahan-Neumaier) sum of native histograms, as Prometheus's {@code
 * FloatHistogram.KahanAdd}: count, sum, zero bucket and every bucket carry a compensation term,
 * and the compensation follows the buckets through every reconciliation. A coarser schema reduces
 * the running sum (merging buckets and their compensations with compensated additions) or the added
 * histogram (its merged buckets start a compensation of their own); a wider zero bucket absorbs
 * buckets with their compensations; different custom bounds map both sides onto the common bounds.
 * The compensation is added to the values only when the result is taken.
 *
 * <p>Also scales ({@link #mul}, {@link #div}) values and compensations alike, for the incremental
 * mean of {@link HistogramMean}. Not thread-safe.
 */
public final class HistogramKahanSum {
  private boolean empty = true;
  private CounterResetHint hint;
  private int schema;
  private double zeroThreshold;
  private double[] customValues;
  /** Each {value, compensation}. */
  private final double[] count = new double[2];
  private final double[] sum = new double[2];
  private final double[] zero = new double[2];
  /** Bucket index to {value, compensation}, at {@link #schema}. */
  private TreeMap<Integer, double[]> pos = new TreeMap<>();
  private TreeMap<Integer, double[]> neg = new TreeMap<>();

  /** Whether nothing was added yet. */
  public boolean isEmpty() {
    return empty;
  }

  /**
   * Adds {@code h}; {@code flags} (may be null) receives reconciliation and collision flags. Throws
   * {@link IncompatibleHistogramsException}, leaving the sum unchanged, when one side uses custom
   * buckets and the other does not.
   */
  public void add(FloatHistogram h, HistogramMath.Flags flags) {
    if (empty) {
      start(h);
      return;
    }
    if (h.usesCustomBuckets() != (schema == FloatHistogram.CUSTOM_BUCKETS_SCHEMA)) {
      throw new IncompatibleHistogramsException();
    }
    hint = HistogramMath.combinedHint(hint, h.counterResetHint, flags);
    inc(count, h.count);
    inc(sum, h.sum);
    if (h.usesCustomBuckets()) {
      addCustom(h, flags);
    } else {
      addExponential(h);
    }
  }

  private void start(FloatHistogram h) {
    empty = false;
    hint = h.counterResetHint;
    schema = h.schema;
    zeroThreshold = h.zeroThreshold;
    customValues = h.customValues.clone();
    set(count, h.count);
    set(sum, h.sum);
    set(zero, h.zeroCount);
    pos = load(SparseBuckets.of(h.positiveSpans, h.positiveBuckets));
    neg = load(SparseBuckets.of(h.negativeSpans, h.negativeBuckets));
  }

  private static void set(double[] s, double v) {
    s[0] = v;
    s[1] = 0;
  }

  private static TreeMap<Integer, double[]> load(SparseBuckets b) {
    TreeMap<Integer, double[]> m = new TreeMap<>();
    for (int i = 0; i < b.n; i++) {
      m.put(b.idx[i], new double[] {b.cnt[i], 0});
    }
    return m;
  }

  private void addCustom(FloatHistogram h, HistogramMath.Flags flags) {
    inc(zero, h.zeroCount);
    SparseBuckets b = SparseBuckets.of(h.positiveSpans, h.positiveBuckets);
    if (Arrays.equals(customValues, h.customValues)) {
      for (int i = 0; i < b.n; i++) {
        fold(pos, b.idx[i], b.cnt[i], 0);
      }
      return;
    }
    // Both sides onto the bounds they share: the running buckets with their compensations first,
    // then the added ones.
    double[] common = HistogramMath.intersect(customValues, h.customValues);
    TreeMap<Integer, double[]> out = new TreeMap<>();
    int target = 0;
    for (Map.Entry<Integer, double[]> e : pos.entrySet()) {
      target = commonBucket(e.getKey(), customValues, common, target);
      double[] t = out.computeIfAbsent(target, k -> new double[2]);
      inc(t, e.getValue()[0]);
      inc(t, e.getValue()[1]);
    }
    target = 0;
    for (int i = 0; i < b.n; i++) {
      target = commonBucket(b.idx[i], h.customValues, common, target);
      inc(out.computeIfAbsent(target, k -> new double[2]), b.cnt[i]);
    }
    pos = out;
    customValues = common;
    if (flags != null) {
      flags.customBucketsReconciled = true;
    }
  }

  /** The bucket of {@code common} that bucket {@code idx} of {@code bounds} falls into, from {@code from} on. */
  private static int commonBucket(int idx, double[] bounds, double[] common, int from) {
    double upper = idx >= bounds.length ? Double.POSITIVE_INFINITY : bounds[idx];
    int t = from;
    while (t < common.length && common[t] < upper) {
      t++;
    }
    return t;
  }

  private void addExponential(FloatHistogram h) {
    SparseBuckets bp = SparseBuckets.of(h.positiveSpans, h.positiveBuckets);
    SparseBuckets bn = SparseBuckets.of(h.negativeSpans, h.negativeBuckets);
    double otherZero = h.zeroCount;
    if (h.zeroThreshold != zeroThreshold) {
      double threshold = Math.max(zeroThreshold, h.zeroThreshold);
      double prev;
      do {
        prev = threshold;
        threshold = straddled(threshold, pos, schema);
        threshold = straddled(threshold, neg, schema);
        threshold = HistogramMath.widen(threshold, bp, h.schema);
        threshold = HistogramMath.widen(threshold, bn, h.schema);
      } while (threshold != prev);
      if (threshold != zeroThreshold) {
        absorb(pos, threshold);
        absorb(neg, threshold);
        zeroThreshold = threshold;
      }
      otherZero += HistogramMath.absorb(bp, h.schema, threshold);
      otherZero += HistogramMath.absorb(bn, h.schema, threshold);
    }
    inc(zero, otherZero);
    int target = Math.min(schema, h.schema);
    if (target < schema) {
      pos = reduce(pos, schema, target);
      neg = reduce(neg, schema, target);
      schema = target;
    }
    merge(pos, bp, h.schema);
    merge(neg, bn, h.schema);
  }

  /** {@code threshold}, or the upper bound of a populated running bucket straddling it. */
  private static double straddled(double threshold, TreeMap<Integer, double[]> m, int schema) {
    for (Map.Entry<Integer, double[]> e : m.entrySet()) {
      int idx = e.getKey();
      if (BucketLayout.lowerBound(idx, schema, null) >= threshold) {
        break;
      }
      double upper = BucketLayout.upperBound(idx, schema, null);
      if (upper > threshold && e.getValue()[0] != 0) {
        return upper;
      }
    }
    return threshold;
  }

  /**
   * Moves the running buckets below {@code threshold} into the zero bucket (value, then
   * compensation), then drops empty buckets as Prometheus's compaction after widening does.
   */
  private void absorb(TreeMap<Integer, double[]> m, double threshold) {
    Iterator<Map.Entry<Integer, double[]>> it = m.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Integer, double[]> e = it.next();
      double[] v = e.getValue();
      if (BucketLayout.lowerBound(e.getKey(), schema, null) < threshold) {
        inc(zero, v[0]);
        inc(zero, v[1]);
        it.remove();
      } else if (v[0] == 0) {
        it.remove();
      }
    }
  }

  /** The running buckets in the coarser schema {@code to}: merged buckets add value, then compensation. */
  private static TreeMap<Integer, double[]> reduce(TreeMap<Integer, double[]> m, int from, int to) {
    TreeMap<Integer, double[]> out = new TreeMap<>();
    double[] last = null;
    int lastIdx = 0;
    for (Map.Entry<Integer, double[]> e : m.entrySet()) {
      int t = BucketLayout.reduceIndex(e.getKey(), from, to);
      double[] v = e.getValue();
      if (last != null && t == lastIdx) {
        inc(last, v[0]);
        inc(last, v[1]);
      } else {
        last = new double[] {v[0], v[1]};
        lastIdx = t;
        out.put(t, last);
      }
    }
    return out;
  }

  /**
   * Adds the buckets of {@code b} (schema {@code from}, not coarser than the running one). Buckets
   * that merge in the reduction are summed with a compensation of their own, which follows them.
   */
  private void merge(TreeMap<Integer, double[]> m, SparseBuckets b, int from) {
    int i = 0;
    while (i < b.n) {
      int t = BucketLayout.reduceIndex(b.idx[i], from, schema);
      double[] part = {b.cnt[i], 0};
      for (i++; i < b.n && BucketLayout.reduceIndex(b.idx[i], from, schema) == t; i++) {
        inc(part, b.cnt[i]);
      }
      fold(m, t, part[0], part[1]);
    }
  }

  private static void fold(TreeMap<Integer, double[]> m, int idx, double v, double c) {
    double[] s = m.get(idx);
    if (s == null) {
      m.put(idx, new double[] {v, c});
      return;
    }
    inc(s, v);
    if (c != 0) {
      inc(s, c);
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

  /** Multiplies values and compensations by {@code f}. */
  public void mul(double f) {
    scale(f, false);
  }

  /** Divides values and compensations by {@code f}. */
  public void div(double f) {
    scale(f, true);
  }

  private void scale(double f, boolean divide) {
    scale(count, f, divide);
    scale(sum, f, divide);
    scale(zero, f, divide);
    pos.values().forEach(v -> scale(v, f, divide));
    neg.values().forEach(v -> scale(v, f, divide));
  }

  private static void scale(double[] s, double f, boolean divide) {
    if (divide) {
      s[0] /= f;
      s[1] /= f;
    } else {
      s[0] *= f;
      s[1] *= f;
    }
  }

  /** Whether a value (not a compensation) is infinite, as Prometheus's {@code HasOverflow}. */
  public boolean hasOverflow() {
    if (Double.isInfinite(count[0]) || Double.isInfinite(sum[0]) || Double.isInfinite(zero[0])) {
      return true;
    }
    for (double[] v : pos.values()) {
      if (Double.isInfinite(v[0])) {
        return true;
      }
    }
    for (double[] v : neg.values()) {
      if (Double.isInfinite(v[0])) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether adding {@code h} certainly keeps every value finite: the magnitudes of everything held
   * and added stay far below the float range (every value of the sum is a sum of some of them).
   */
  public boolean staysFinite(FloatHistogram h) {
    double m = Math.abs(count[0]) + Math.abs(sum[0]) + Math.abs(zero[0]) + Math.abs(count[1]) + Math.abs(sum[1])
        + Math.abs(zero[1]) + Math.abs(h.count) + Math.abs(h.sum) + Math.abs(h.zeroCount);
    for (double[] v : pos.values()) {
      m += Math.abs(v[0]) + Math.abs(v[1]);
    }
    for (double[] v : neg.values()) {
      m += Math.abs(v[0]) + Math.abs(v[1]);
    }
    for (double v : h.positiveBuckets) {
      m += Math.abs(v);
    }
    for (double v : h.negativeBuckets) {
      m += Math.abs(v);
    }
    return m < Double.MAX_VALUE / 4;
  }

  /** A deep copy. */
  public HistogramKahanSum copy() {
    HistogramKahanSum c = new HistogramKahanSum();
    c.empty = empty;
    c.hint = hint;
    c.schema = schema;
    c.zeroThreshold = zeroThreshold;
    c.customValues = customValues;
    System.arraycopy(count, 0, c.count, 0, 2);
    System.arraycopy(sum, 0, c.sum, 0, 2);
    System.arraycopy(zero, 0, c.zero, 0, 2);
    pos.forEach((k, v) -> c.pos.put(k, v.clone()));
    neg.forEach((k, v) -> c.neg.put(k, v.clone()));
    return c;
  }

  /** The sum so far (compacted), or null when nothing was added. */
  public FloatHistogram result() {
    return result(1);
  }

  /**
   * The sum so far divided by {@code d} (values and compensations divided, then added), compacted;
   * null when nothing was added.
   */
  public FloatHistogram result(double d) {
    return build(s -> value(s, d));
  }

  /** The running values without their compensations (compacted), or null when nothing was added. */
  public FloatHistogram uncompensated() {
    return part(0);
  }

  /**
   * The compensations alone, in the layout of {@link #uncompensated()}, or null when they are all
   * zero: adding both to another sum continues this one exactly (a shard's partial sum).
   */
  public FloatHistogram compensation() {
    if (empty) {
      return null;
    }
    boolean any = count[1] != 0 || sum[1] != 0 || zero[1] != 0;
    for (double[] v : pos.values()) any |= v[1] != 0;
    for (double[] v : neg.values()) any |= v[1] != 0;
    return any ? part(1) : null;
  }

  private FloatHistogram part(int which) {
    return build(s -> s[which]);
  }

  /** A histogram of this sum's layout whose every field is {@code f} of its {value, compensation}. */
  private FloatHistogram build(java.util.function.ToDoubleFunction<double[]> f) {
    if (empty) {
      return null;
    }
    FloatHistogram r = new FloatHistogram();
    r.counterResetHint = hint;
    r.schema = schema;
    r.zeroThreshold = zeroThreshold;
    r.customValues = customValues.clone();
    r.count = f.applyAsDouble(count);
    r.sum = f.applyAsDouble(sum);
    r.zeroCount = f.applyAsDouble(zero);
    SparseBuckets p = new SparseBuckets(pos.size());
    pos.forEach((k, v) -> p.add(k, f.applyAsDouble(v)));
    SparseBuckets n = new SparseBuckets(neg.size());
    neg.forEach((k, v) -> n.add(k, f.applyAsDouble(v)));
    r.positiveSpans = p.toSpans();
    r.positiveBuckets = p.toCounts();
    r.negativeSpans = n.toSpans();
    r.negativeBuckets = n.toCounts();
    return r;
  }

  private static double value(double[] s, double d) {
    double v = d == 1 ? s[0] : s[0] / d;
    if (Double.isInfinite(v)) {
      return v;
    }
    return v + (d == 1 ? s[1] : s[1] / d);
  }
}
