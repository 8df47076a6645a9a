package io.hearth.node.otlp;

import io.hearth.sharding.api.FloatHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;

/**
 * Fills a native histogram from an OTLP exponential histogram data point, as Prometheus 3 does.
 *
 * <p>OTLP's scale is the native schema; a scale above 8 is brought down to 8 by merging
 * {@code 2^(scale-8)} neighbouring buckets, a scale below -4 cannot be stored. OTLP bucket
 * {@code i} covers {@code (base^i, base^(i+1)]} and a native bucket {@code i} covers
 * {@code (base^(i-1), base^i]}, so native index = OTLP index (after downscaling) + 1. Spans start a
 * new span after more than two empty buckets, as Prometheus lays them out. Stateless.
 */
final class NativeHistograms {
  static final int MAX_SCHEMA = 8;
  static final int MIN_SCHEMA = -4;

  private NativeHistograms() {}

  /**
   * Fills {@code h} (counts absolute) or returns Prometheus's message when the scale is below -4.
   */
  static String fill(ExponentialHistogramDataPoint p, FloatHistogram h) {
    int scale = p.getScale();
    if (scale < MIN_SCHEMA) {
      return "cannot convert exponential to native histogram. Scale must be >= " + MIN_SCHEMA + ", was " + scale;
    }
    int scaleDown = Math.max(0, scale - MAX_SCHEMA);
    h.counterResetHint = FloatHistogram.CounterResetHint.UNKNOWN;
    h.schema = scale - scaleDown;
    h.zeroThreshold = p.getZeroThreshold();
    h.zeroCount = p.getZeroCount();
    h.count = p.getCount();
    h.sum = p.hasSum() ? p.getSum() : 0;
    h.customValues = new double[0];
    Side pos = side(p.getPositive(), scaleDown);
    h.positiveSpans = pos.spans;
    h.positiveBuckets = pos.counts;
    Side neg = side(p.getNegative(), scaleDown);
    h.negativeSpans = neg.spans;
    h.negativeBuckets = neg.counts;
    return null;
  }

  private record Side(int[] spans, double[] counts) {}

  private static Side side(ExponentialHistogramDataPoint.Buckets b, int scaleDown) {
    int n = b.getBucketCountsCount();
    // Merge into native indices first (downscaling joins neighbours), skipping empty OTLP buckets.
    int[] idx = new int[n];
    double[] cnt = new double[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      long c = b.getBucketCounts(i);
      if (c == 0) continue;
      int native_ = ((b.getOffset() + i) >> scaleDown) + 1;
      if (m > 0 && idx[m - 1] == native_) {
        cnt[m - 1] += c;
      } else {
        idx[m] = native_;
        cnt[m] = c;
        m++;
      }
    }
    if (m == 0) return new Side(new int[0], new double[0]);
    int[] spans = new int[2 * m];
    double[] counts = new double[(idx[m - 1] - idx[0]) + 1];
    int s = 0;
    int k = 0;
    for (int j = 0; j < m; j++) {
      int gap = j == 0 ? 0 : idx[j] - idx[j - 1] - 1;
      if (j == 0 || gap > 2) {
        spans[s] = j == 0 ? idx[j] : gap;
        spans[s + 1] = 0;
        s += 2;
      } else {
        for (int z = 0; z < gap; z++) {
          counts[k++] = 0;
          spans[s - 1]++;
        }
      }
      counts[k++] = cnt[j];
      spans[s - 1]++;
    }
    return new Side(java.util.Arrays.copyOf(spans, s), java.util.Arrays.copyOf(counts, k));
  }
}
