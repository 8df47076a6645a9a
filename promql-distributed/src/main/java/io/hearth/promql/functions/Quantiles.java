package io.hearth.promql.functions;

import java.util.Arrays;

/**
 * Quantiles over plain values ({@code quantile}, {@code quantile_over_time}) and over classic
 * histogram buckets ({@code histogram_quantile}, {@code histogram_fraction} on {@code le} series),
 * with Prometheus's bucket rules: sort by bound, merge equal bounds, ignore numerically
 * insignificant differences, force monotonicity, require a {@code +Inf} bucket.
 */
public final class Quantiles {
  /** Relative bucket differences below this are treated as floating point noise. */
  public static final double SMALL_DELTA_TOLERANCE = 1e-12;

  private Quantiles() {}

  /** The {@code q}-quantile of the first {@code n} values, which get sorted. */
  public static double quantile(double q, double[] values, int n) {
    if (n == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    OverTime.sortNaNFirst(values, n);
    double rank = q * (n - 1);
    double lowerIndex = Math.max(0, Math.floor(rank));
    double upperIndex = Math.min(n - 1, lowerIndex + 1);
    double weight = rank - Math.floor(rank);
    return values[(int) lowerIndex] * (1 - weight) + values[(int) upperIndex] * weight;
  }

  /** The outcome of a classic bucket quantile: the value and whether the input had to be repaired. */
  public static final class BucketResult {
    public double value;
    public boolean forcedMonotonic;
    public boolean fixedPrecision;
  }

  /**
   * Sorts the first {@code n} buckets by upper bound and merges equal bounds; returns the new count.
   */
  public static int sortAndCoalesce(double[] upper, double[] count, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(upper[a], upper[b]));
    double[] u = new double[n];
    double[] c = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = upper[order[i]];
      c[i] = count[order[i]];
    }
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (k > 0 && u[i] == upper[k - 1]) {
        count[k - 1] += c[i];
      } else {
        upper[k] = u[i];
        count[k] = c[i];
        k++;
      }
    }
    return k;
  }

  /** {@code histogram_quantile} over classic buckets (cumulative counts by upper bound). */
  public static BucketResult bucketQuantile(double q, double[] upper, double[] count, int n, BucketResult r) {
    r.forcedMonotonic = false;
    r.fixedPrecision = false;
    if (Double.isNaN(q)) {
      r.value = Double.NaN;
      return r;
    }
    if (q < 0) {
      r.value = Double.NEGATIVE_INFINITY;
      return r;
    }
    if (q > 1) {
      r.value = Double.POSITIVE_INFINITY;
      return r;
    }
    n = sortAndCoalesce(upper, count, n);
    if (upper[n - 1] != Double.POSITIVE_INFINITY) {
      r.value = Double.NaN;
      return r;
    }
    ensureMonotonic(count, n, r);
    if (n < 2) {
      r.value = Double.NaN;
      r.forcedMonotonic = false;
      r.fixedPrecision = false;
      return r;
    }
    double observations = count[n - 1];
    if (observations == 0) {
      r.value = Double.NaN;
      r.forcedMonotonic = false;
      r.fixedPrecision = false;
      return r;
    }
    double rank = q * observations;
    int b = 0;
    while (b < n - 1 && !(count[b] >= rank)) {
      b++;
    }
    if (b == n - 1) {
      r.value = upper[n - 2];
      return r;
    }
    if (b == 0 && upper[0] <= 0) {
      r.value = upper[0];
      return r;
    }
    double bucketStart = 0;
    double bucketEnd = upper[b];
    double c = count[b];
    if (b > 0) {
      bucketStart = upper[b - 1];
      c -= count[b - 1];
      rank -= count[b - 1];
    }
    r.value = bucketStart + (bucketEnd - bucketStart) * (rank / c);
    return r;
  }

  private static void ensureMonotonic(double[] count, int n, BucketResult r) {
    double prev = count[0];
    for (int i = 1; i < n; i++) {
      double curr = count[i];
      if (curr == prev) {
        continue;
      }
      if (almostEqual(prev, curr, SMALL_DELTA_TOLERANCE)) {
        count[i] = prev;
        r.fixedPrecision = true;
        continue;
      }
      if (curr < prev) {
        count[i] = prev;
        r.forcedMonotonic = true;
        continue;
      }
      prev = curr;
    }
  }

  /** Prometheus's {@code almost.Equal}: relative difference within {@code epsilon}. */
  public static boolean almostEqual(double a, double b, double epsilon) {
    if (a == b) {
      return true;
    }
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return true;
    }
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
      return diff < epsilon * Double.MIN_NORMAL;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
  }

  /** {@code histogram_fraction} over classic buckets. */
  public static double bucketFraction(double lower, double upperLimit, double[] upper, double[] count, int n) {
    n = sortAndCoalesce(upper, count, n);
    if (n == 0 || upper[n - 1] != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    double total = count[n - 1];
    if (total == 0 || Double.isNaN(lower) || Double.isNaN(upperLimit)) {
      return Double.NaN;
    }
    if (lower >= upperLimit) {
      return 0;
    }
    double rank = 0;
    double lowerRank = 0;
    double upperRank = 0;
    boolean lowerSet = false;
    boolean upperSet = false;
    for (int i = 0; i < n; i++) {
      double lo = Double.NEGATIVE_INFINITY;
      if (i > 0) {
        lo = upper[i - 1];
      } else if (upper[0] > 0) {
        lo = 0;
      }
      double up = upper[i];
      if (!lowerSet && lo >= lower) {
        lowerRank = rank;
        lowerSet = true;
      }
      if (!upperSet && lo >= upperLimit) {
        upperRank = rank;
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      if (!lowerSet && lo < lower && up > lower) {
        lowerRank = interpolate(rank, count[i], lo, up, lower);
        lowerSet = true;
      }
      if (!upperSet && lo < upperLimit && up > upperLimit) {
        upperRank = interpolate(rank, count[i], lo, up, upperLimit);
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      rank = count[i];
    }
    if (!lowerSet || lowerRank > total) {
      lowerRank = total;
    }
    if (!upperSet || upperRank > total) {
      upperRank = total;
    }
    return (upperRank - lowerRank) / total;
  }

  /**
   * The cumulative count at {@code v} inside bucket {@code (lo, up]} (cumulative counts {@code
   * below} before it, {@code through} at its end); no interpolation in a bucket of infinite width,
   * whose observations sit at the infinite bound.
   */
  private static double interpolate(double below, double through, double lo, double up, double v) {
    if (lo == Double.NEGATIVE_INFINITY) {
      return through;
    }
    if (up == Double.POSITIVE_INFINITY) {
      return below;
    }
    return below + (through - below) * (v - lo) / (up - lo);
  }
}
