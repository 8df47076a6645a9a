package io.hearth.promql.histogram;

import io.hearth.promql.functions.ExtendedRate;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.FloatHistogram.CounterResetHint;

/**
 * {@code rate}, {@code increase} and {@code delta} over an {@code anchored} or {@code smoothed}
 * range of native histograms ({@code extendedHistogramRate} in Prometheus): the histogram at the
 * range end minus the one at the range start (each picked or interpolated as in {@link
 * ExtendedRate}), plus the histograms before each counter reset inside the range. Problems are
 * reported as {@link HistogramRate} flag bits.
 */
public final class HistogramExtendedRate {
  private HistogramExtendedRate() {}

  /**
   * The result over {@code (rangeStart, rangeEnd]} from {@code points[from, to)} at times {@code
   * t}, or null when there is none (see the flags for why).
   */
  public static FloatHistogram compute(long[] t, FloatHistogram[] points, int from, int to, long rangeStart,
      long rangeEnd, boolean smoothed, boolean isCounter, boolean isRate, double rangeSeconds, int[] flags) {
    int last = to - 1;
    int first = ExtendedRate.firstIndex(t, from, last, rangeStart);
    if (smoothed) {
      last = ExtendedRate.searchAtOrAfter(t, from, last, rangeEnd);
    }
    if (t[last] <= rangeStart || (smoothed && t[first] > rangeEnd)) {
      return null;
    }
    boolean custom = points[first].usesCustomBuckets();
    for (int i = first; i <= last; i++) {
      if (points[i].usesCustomBuckets() != custom) {
        flags[0] |= HistogramRate.WARN_MIXED_EXPONENTIAL_CUSTOM;
        return null;
      }
      if (isCounter && points[i].counterResetHint == CounterResetHint.GAUGE) {
        flags[0] |= HistogramRate.WARN_NOT_COUNTER;
      }
    }
    try {
      FloatHistogram left = smoothed && t[first] < rangeStart
          ? interpolate(points[first], t[first], points[first + 1], t[first + 1], rangeStart, isCounter, flags)
          : points[first].copy();
      FloatHistogram right = smoothed && last > from && t[last] > rangeEnd
          ? interpolate(points[last - 1], t[last - 1], points[last], t[last], rangeEnd, isCounter, flags)
          : points[last].copy();
      if (!isCounter && (left.counterResetHint != CounterResetHint.GAUGE
          || right.counterResetHint != CounterResetHint.GAUGE)) {
        flags[0] |= HistogramRate.WARN_NOT_GAUGE;
      }
      HistogramMath.Flags f = new HistogramMath.Flags();
      FloatHistogram result = HistogramMath.sub(right, left, f);
      if (f.customBucketsReconciled) {
        flags[0] |= HistogramRate.INFO_RECONCILED_SUB;
      }
      if (isCounter) {
        FloatHistogram correction = correction(t, points, first, last, left, right, rangeStart, smoothed, flags);
        if (correction != null) {
          f.clear();
          result = HistogramMath.add(result, correction, f);
          if (f.customBucketsReconciled) {
            flags[0] |= HistogramRate.INFO_RECONCILED_ADD;
          }
        }
      }
      if (isRate) {
        HistogramMath.div(result, rangeSeconds);
      }
      result.counterResetHint = CounterResetHint.GAUGE;
      return HistogramMath.compact(result);
    } catch (IncompatibleHistogramsException e) {
      flags[0] |= HistogramRate.WARN_MIXED_EXPONENTIAL_CUSTOM;
      return null;
    }
  }

  /**
   * The sum of the histograms right before each counter reset between the boundary samples
   * {@code first} and {@code last} (which {@code left} and {@code right} stand for), or null.
   */
  private static FloatHistogram correction(long[] t, FloatHistogram[] points, int first, int last,
      FloatHistogram left, FloatHistogram right, long rangeStart, boolean smoothed, int[] flags) {
    int i = first + 1;
    FloatHistogram prev = left;
    if (smoothed && t[first] < rangeStart && HistogramMath.detectReset(points[first + 1], points[first])) {
      // The left interpolation already spanned this reset; compare what follows with the sample
      // after it.
      prev = points[first + 1];
      i++;
    }
    // The last sample is stood for by right (a copy or an interpolation inheriting its hint).
    int j = last - 1;
    if (i > j + 1) {
      return null;
    }
    FloatHistogram correction = null;
    HistogramMath.Flags f = new HistogramMath.Flags();
    for (; i <= j; i++) {
      FloatHistogram p = points[i];
      if (HistogramMath.detectReset(p, prev)) {
        correction = accumulate(correction, prev, f, flags);
      }
      prev = p;
    }
    if (HistogramMath.detectReset(right, prev)) {
      correction = accumulate(correction, prev, f, flags);
    }
    return correction;
  }

  private static FloatHistogram accumulate(FloatHistogram acc, FloatHistogram h, HistogramMath.Flags f, int[] flags) {
    if (acc == null) {
      return h.copy();
    }
    f.clear();
    FloatHistogram r = HistogramMath.add(acc, h, f);
    if (f.customBucketsReconciled) {
      flags[0] |= HistogramRate.INFO_RECONCILED_ADD;
    }
    return r;
  }

  /**
   * The straight line between {@code h1} at {@code t1} and {@code h2} at {@code t2}, at {@code t};
   * for counters a reset between the two is taken as starting from zero. The result carries
   * {@code h2}'s counter-reset hint unless {@code t} is {@code t1}.
   */
  public static FloatHistogram interpolate(FloatHistogram h1, long t1, FloatHistogram h2, long t2, long t,
      boolean isCounter, int[] flags) {
    if (t == t1) {
      return h1.copy();
    }
    if (t == t2) {
      return h2.copy();
    }
    if (h1.usesCustomBuckets() != h2.usesCustomBuckets()) {
      throw new IncompatibleHistogramsException();
    }
    double fraction = (double) (t - t1) / (double) (t2 - t1);
    if (isCounter && HistogramMath.detectReset(h2, h1)) {
      return HistogramMath.mul(h2.copy(), fraction);
    }
    HistogramMath.Flags f = new HistogramMath.Flags();
    FloatHistogram r = HistogramMath.sub(h2, h1, f);
    if (f.customBucketsReconciled) {
      flags[0] |= HistogramRate.INFO_RECONCILED_SUB;
    }
    HistogramMath.mul(r, fraction);
    f.clear();
    r = HistogramMath.add(r, h1, f);
    if (f.customBucketsReconciled) {
      flags[0] |= HistogramRate.INFO_RECONCILED_ADD;
    }
    r.counterResetHint = h2.counterResetHint;
    return r;
  }
}
