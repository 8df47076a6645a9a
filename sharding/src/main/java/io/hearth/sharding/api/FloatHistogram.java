package io.hearth.sharding.api;

import java.util.Arrays;

/**
 * A native histogram sample with float counts, in Prometheus's sparse layout.
 *
 * <p>Buckets are addressed by index; spans ({@code offset, length} pairs) say which indices are
 * present. Bucket counts are absolute (not deltas). Schema -53 means custom bucket bounds given in
 * {@link #customValues}. A mutable value object: callers own the instances they create and copy
 * what they keep. Arithmetic lives with its users (PromQL), not here.
 */
public final class FloatHistogram {
  public enum CounterResetHint { UNKNOWN, COUNTER_RESET, NOT_COUNTER_RESET, GAUGE }

  public static final int CUSTOM_BUCKETS_SCHEMA = -53;
  private static final int[] NO_SPANS = new int[0];
  private static final double[] NO_BUCKETS = new double[0];

  public CounterResetHint counterResetHint = CounterResetHint.UNKNOWN;
  public int schema;
  public double zeroThreshold;
  public double zeroCount;
  public double count;
  public double sum;
  /** Pairs of (offset, length), offset relative to the end of the previous span. */
  public int[] positiveSpans = NO_SPANS;
  public double[] positiveBuckets = NO_BUCKETS;
  public int[] negativeSpans = NO_SPANS;
  public double[] negativeBuckets = NO_BUCKETS;
  public double[] customValues = NO_BUCKETS;

  /**
   * The empty histogram a created timestamp stands for before {@code h}: no observations, {@code
   * h}'s schema, zero threshold and custom bounds (so no new chunk is needed), a counter reset.
   */
  public static FloatHistogram createdZero(FloatHistogram h) {
    FloatHistogram z = new FloatHistogram();
    z.counterResetHint = CounterResetHint.COUNTER_RESET;
    z.schema = h.schema;
    z.zeroThreshold = h.zeroThreshold;
    z.customValues = h.customValues.length == 0 ? NO_BUCKETS : h.customValues.clone();
    return z;
  }

  public FloatHistogram copy() {
    return copyInto(new FloatHistogram());
  }

  /** Copies this into {@code dst} (reusing its arrays when large enough is not attempted: arrays are cloned). */
  public FloatHistogram copyInto(FloatHistogram dst) {
    dst.counterResetHint = counterResetHint;
    dst.schema = schema;
    dst.zeroThreshold = zeroThreshold;
    dst.zeroCount = zeroCount;
    dst.count = count;
    dst.sum = sum;
    dst.positiveSpans = positiveSpans.clone();
    dst.positiveBuckets = positiveBuckets.clone();
    dst.negativeSpans = negativeSpans.clone();
    dst.negativeBuckets = negativeBuckets.clone();
    dst.customValues = customValues.clone();
    return dst;
  }

  public boolean usesCustomBuckets() {
    return schema == CUSTOM_BUCKETS_SCHEMA;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FloatHistogram)) return false;
    FloatHistogram h = (FloatHistogram) o;
    return counterResetHint == h.counterResetHint && schema == h.schema
        && Double.compare(zeroThreshold, h.zeroThreshold) == 0 && Double.compare(zeroCount, h.zeroCount) == 0
        && Double.compare(count, h.count) == 0 && Double.compare(sum, h.sum) == 0
        && Arrays.equals(positiveSpans, h.positiveSpans) && Arrays.equals(positiveBuckets, h.positiveBuckets)
        && Arrays.equals(negativeSpans, h.negativeSpans) && Arrays.equals(negativeBuckets, h.negativeBuckets)
        && Arrays.equals(customValues, h.customValues);
  }

  @Override
  public int hashCode() {
    return Double.hashCode(count) * 31 + Double.hashCode(sum);
  }

  @Override
  public String toString() {
    return "{schema:" + schema + " count:" + count + " sum:" + sum + " z_bucket:" + zeroCount
        + " z_bucket_w:" + zeroThreshold + " pos_spans:" + Arrays.toString(positiveSpans)
        + " pos:" + Arrays.toString(positiveBuckets) + " neg_spans:" + Arrays.toString(negativeSpans)
        + " neg:" + Arrays.toString(negativeBuckets) + (customValues.length > 0 ? " custom:" + Arrays.toString(customValues) : "") + "}";
  }
}
