package io.hearth.promql.histogram;

import io.hearth.sharding.api.FloatHistogram;

/**
 * The bucket boundaries of native histograms: exponential schemas (-4..8) and custom buckets
 * (schema -53), as Prometheus computes them ({@code getBound}).
 *
 * <p>For an exponential schema {@code s}, positive bucket {@code i} covers {@code
 * (2^((i-1)·2^-s), 2^(i·2^-s)]}; negative buckets mirror that. For custom buckets, bucket {@code
 * i} covers {@code (customValues[i-1], customValues[i]]} with {@code -Inf} below the first and
 * {@code +Inf} above the last bound.
 */
public final class BucketLayout {
  private BucketLayout() {}

  /** The upper bound of bucket {@code idx} (positive side) in {@code schema}. */
  public static double upperBound(int idx, int schema, double[] customValues) {
    if (schema == FloatHistogram.CUSTOM_BUCKETS_SCHEMA) {
      if (idx >= customValues.length) {
        return Double.POSITIVE_INFINITY;
      }
      if (idx < 0) {
        return Double.NEGATIVE_INFINITY;
      }
      return customValues[idx];
    }
    return exponentialBound(idx, schema);
  }

  /** The lower bound of bucket {@code idx} (positive side). */
  public static double lowerBound(int idx, int schema, double[] customValues) {
    return upperBound(idx - 1, schema, customValues);
  }

  static double exponentialBound(int idx, int schema) {
    if (schema < 0) {
      long exp = ((long) idx) << -schema;
      if (exp == 1024) {
        // The last bucket before the one for ±Inf observations ends at MaxFloat64.
        return Double.MAX_VALUE;
      }
      if (exp > 1100) {
        return Double.POSITIVE_INFINITY;
      }
      if (exp < -1100) {
        return 0;
      }
      return Math.scalb(1.0, (int) exp);
    }
    int fracIdx = idx & ((1 << schema) - 1);
    double frac = Math.pow(2, (double) fracIdx / (1 << schema)) / 2;
    int exp = (idx >> schema) + 1;
    if (frac == 0.5 && exp == 1025) {
      return Double.MAX_VALUE;
    }
    return Math.scalb(frac, exp);
  }

  /** The bucket index of the reduced schema that bucket {@code idx} of {@code from} falls into. */
  public static int reduceIndex(int idx, int from, int to) {
    return ((idx - 1) >> (from - to)) + 1;
  }
}
