package io.hearth.promql.histogram;

import io.hearth.sharding.api.FloatHistogram;

/**
 * Statistics of one native histogram: {@code histogram_quantile}, {@code histogram_fraction},
 * {@code histogram_stddev}/{@code histogram_stdvar}, with Prometheus's interpolation rules
 * (linear for custom buckets and the zero bucket, exponential for exponential buckets).
 */
public final class HistogramStats {
  private HistogramStats() {}

  /** No NaN observations were involved. */
  public static final int NAN_NONE = 0;
  /** The histogram has NaN observations and the quantile falls among them: the result is NaN. */
  public static final int NAN_RESULT = 1;
  /** The histogram has NaN observations: the result is skewed higher. */
  public static final int NAN_SKEWED = 2;

  /** The {@code q}-quantile of {@code h} ({@code HistogramQuantile}). */
  public static double quantile(double q, FloatHistogram h) {
    return quantile(q, h, new int[1]);
  }

  /**
   * The {@code q}-quantile of {@code h}; {@code nan[0]} receives {@link #NAN_NONE}, {@link
   * #NAN_RESULT} or {@link #NAN_SKEWED}.
   */
  public static double quantile(double q, FloatHistogram h, int[] nan) {
    nan[0] = NAN_NONE;
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (h.count == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    HistogramBuckets b = HistogramBuckets.of(h);
    boolean forward = Double.isNaN(h.sum) || q < 0.5;
    double rank = forward ? q * h.count : (1 - q) * h.count;
    double count = 0;
    int at = -1;
    for (int k = 0; k < b.n; k++) {
      int i = forward ? k : b.n - 1 - k;
      if (b.count[i] == 0) {
        continue;
      }
      at = i;
      count += b.count[i];
      if (count >= rank) {
        break;
      }
    }
    if (at < 0) {
      if (Double.isNaN(h.sum)) {
        nan[0] = NAN_RESULT;
      }
      return Double.NaN;
    }
    double lower = b.lower[at];
    double upper = b.upper[at];
    double bucketCount = b.count[at];
    boolean custom = h.usesCustomBuckets();
    if (!custom && lower < 0 && upper > 0) {
      if (h.negativeBuckets.length == 0 && h.positiveBuckets.length > 0) {
        lower = 0;
      } else if (h.positiveBuckets.length == 0 && h.negativeBuckets.length > 0) {
        upper = 0;
      }
    } else if (custom) {
      if (lower == Double.NEGATIVE_INFINITY) {
        if (upper <= 0) {
          return upper;
        }
        lower = 0;
      } else if (upper == Double.POSITIVE_INFINITY) {
        return lower;
      }
    }
    if (count > h.count) {
      count = h.count;
    }
    if (count < rank) {
      if (Double.isNaN(h.sum)) {
        nan[0] = NAN_RESULT;
        return Double.NaN;
      }
      return upper;
    }
    if (Double.isNaN(h.sum)) {
      nan[0] = NAN_SKEWED;
    }
    if (forward) {
      rank -= count - bucketCount;
    } else {
      rank = count - rank;
    }
    double fraction = rank / bucketCount;
    if (custom || (lower <= 0 && upper >= 0)) {
      return lower + (upper - lower) * fraction;
    }
    double logLower = log2(Math.abs(lower));
    double logUpper = log2(Math.abs(upper));
    if (lower > 0) {
      return Math.pow(2, logLower + (logUpper - logLower) * fraction);
    }
    return -Math.pow(2, logUpper + (logLower - logUpper) * (1 - fraction));
  }

  /** The fraction of observations in {@code [lower, upper]} ({@code HistogramFraction}). */
  public static double fraction(double lower, double upper, FloatHistogram h) {
    if (h.count == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
      return Double.NaN;
    }
    if (lower >= upper) {
      return 0;
    }
    HistogramBuckets b = HistogramBuckets.of(h);
    boolean custom = h.usesCustomBuckets();
    double rank = 0;
    double lowerRank = 0;
    double upperRank = 0;
    boolean lowerSet = false;
    boolean upperSet = false;
    for (int i = 0; i < b.n; i++) {
      double lo = b.lower[i];
      double up = b.upper[i];
      double c = b.count[i];
      boolean zeroBucket = false;
      if (lo <= 0 && up >= 0) {
        zeroBucket = true;
        if (h.negativeBuckets.length == 0 && h.positiveBuckets.length > 0) {
          lo = 0;
        } else if (h.positiveBuckets.length == 0 && h.negativeBuckets.length > 0) {
          up = 0;
        }
      }
      if (!lowerSet && lo >= lower) {
        lowerRank = rank;
        lowerSet = true;
      }
      if (!upperSet && lo >= upper) {
        upperRank = rank;
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      if (!lowerSet && lo < lower && up > lower) {
        lowerRank = custom || zeroBucket ? linear(rank, c, lo, up, lower) : exponential(rank, c, lo, up, lower);
        lowerSet = true;
      }
      if (!upperSet && lo < upper && up > upper) {
        upperRank = custom || zeroBucket ? linear(rank, c, lo, up, upper) : exponential(rank, c, lo, up, upper);
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      rank += c;
    }
    // NaN observations (a NaN sum) count in h.count but in no bucket: they are in no fraction.
    double cap = h.count;
    if (Double.isNaN(h.sum)) {
      cap = 0;
      for (int i = 0; i < b.n; i++) {
        cap += b.count[i];
      }
    }
    if (!lowerSet || lowerRank > cap) {
      lowerRank = cap;
    }
    if (!upperSet || upperRank > cap) {
      upperRank = cap;
    }
    return (upperRank - lowerRank) / h.count;
  }

  private static double linear(double rank, double count, double lo, double up, double v) {
    // No interpolation in a bucket of infinite width: its observations sit at the infinite bound.
    if (lo == Double.NEGATIVE_INFINITY) {
      return rank + count;
    }
    if (up == Double.POSITIVE_INFINITY) {
      return rank;
    }
    return rank + count * (v - lo) / (up - lo);
  }

  private static double exponential(double rank, double count, double lo, double up, double v) {
    double logLower = log2(Math.abs(lo));
    double logUpper = log2(Math.abs(up));
    double logV = log2(Math.abs(v));
    double fraction;
    if (v > 0) {
      fraction = (logV - logLower) / (logUpper - logLower);
    } else {
      fraction = 1 - ((logV - logUpper) / (logLower - logUpper));
    }
    return rank + count * fraction;
  }

  /** The estimated variance of the observations ({@code histogram_stdvar}). */
  public static double variance(FloatHistogram h) {
    double mean = h.sum / h.count;
    double variance = 0;
    double c = 0;
    HistogramBuckets b = HistogramBuckets.of(h);
    for (int i = 0; i < b.n; i++) {
      if (b.count[i] == 0) {
        continue;
      }
      double val;
      if (h.usesCustomBuckets()) {
        val = (b.upper[i] + b.lower[i]) / 2.0;
      } else if (b.lower[i] <= 0 && b.upper[i] >= 0) {
        val = 0;
      } else {
        val = Math.sqrt(b.upper[i] * b.lower[i]);
        if (b.upper[i] < 0) {
          val = -val;
        }
      }
      double delta = val - mean;
      double x = b.count[i] * delta * delta;
      double t = variance + x;
      if (Double.isInfinite(t)) {
        // Compensation is meaningless once the sum overflows (and would turn it into NaN).
        c = 0;
      } else if (Math.abs(variance) >= Math.abs(x)) {
        c += (variance - t) + x;
      } else {
        c += (x - t) + variance;
      }
      variance = t;
    }
    variance += c;
    return variance / h.count;
  }

  private static double log2(double v) {
    return Math.log(v) / Math.log(2);
  }
}
