package io.hearth.promql.histogram;

import io.hearth.sharding.api.FloatHistogram;

/**
 * Every bucket of a native histogram in ascending order of value (negative buckets, the zero
 * bucket when it holds observations, positive buckets), with bounds: Prometheus's {@code
 * AllBucketIterator} materialised into parallel arrays.
 */
public final class HistogramBuckets {
  public double[] lower;
  public double[] upper;
  public double[] count;
  /** -1 for negative buckets, 0 for the zero bucket, 1 for positive (and custom) buckets. */
  public int[] side;
  public int n;

  public static HistogramBuckets of(FloatHistogram h) {
    int cap = h.positiveBuckets.length + h.negativeBuckets.length + 1;
    HistogramBuckets b = new HistogramBuckets();
    b.lower = new double[cap];
    b.upper = new double[cap];
    b.count = new double[cap];
    b.side = new int[cap];
    SparseBuckets neg = SparseBuckets.of(h.negativeSpans, h.negativeBuckets);
    for (int i = neg.n - 1; i >= 0; i--) {
      b.put(-BucketLayout.upperBound(neg.idx[i], h.schema, h.customValues),
          -BucketLayout.lowerBound(neg.idx[i], h.schema, h.customValues), neg.cnt[i], -1);
    }
    if (h.zeroCount > 0) {
      b.put(-h.zeroThreshold, h.zeroThreshold, h.zeroCount, 0);
    }
    SparseBuckets pos = SparseBuckets.of(h.positiveSpans, h.positiveBuckets);
    for (int i = 0; i < pos.n; i++) {
      b.put(BucketLayout.lowerBound(pos.idx[i], h.schema, h.customValues),
          BucketLayout.upperBound(pos.idx[i], h.schema, h.customValues), pos.cnt[i], 1);
    }
    return b;
  }

  private void put(double lo, double up, double c, int s) {
    lower[n] = lo;
    upper[n] = up;
    count[n] = c;
    side[n] = s;
    n++;
  }

  boolean lowerInclusive(int i) {
    return side[i] <= 0;
  }

  boolean upperInclusive(int i) {
    return side[i] >= 0;
  }
}
