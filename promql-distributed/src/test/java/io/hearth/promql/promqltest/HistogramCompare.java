package io.hearth.promql.promqltest;

import io.hearth.promql.notation.BucketMaps;
import io.hearth.sharding.api.FloatHistogram;
import java.util.Iterator;
import java.util.TreeMap;

/**
 * Histogram equality as upstream's runner decides it: both sides compacted (empty buckets dropped,
 * spans merged), then schema and zero threshold exactly, counts, sum and buckets with {@link
 * Floats#almostEqual}, custom bounds exactly, and the counter reset hint only when the expectation
 * spelled it out.
 */
final class HistogramCompare {
  private HistogramCompare() {}

  /** Whether {@code actual} matches {@code expected}. */
  static boolean matches(FloatHistogram expected, FloatHistogram actual, boolean compareHint) {
    if (expected.schema != actual.schema || !Floats.almostEqual(expected.count, actual.count)
        || !Floats.almostEqual(expected.sum, actual.sum)) {
      return false;
    }
    if (expected.usesCustomBuckets() && !BucketMaps.sameBounds(expected.customValues, actual.customValues)) return false;
    if (expected.zeroThreshold != actual.zeroThreshold || !Floats.almostEqual(expected.zeroCount, actual.zeroCount)) {
      return false;
    }
    if (!sameBuckets(BucketMaps.nonEmpty(expected.negativeSpans, expected.negativeBuckets),
        BucketMaps.nonEmpty(actual.negativeSpans, actual.negativeBuckets))) {
      return false;
    }
    if (!sameBuckets(BucketMaps.nonEmpty(expected.positiveSpans, expected.positiveBuckets),
        BucketMaps.nonEmpty(actual.positiveSpans, actual.positiveBuckets))) {
      return false;
    }
    return !compareHint || expected.counterResetHint == actual.counterResetHint;
  }

  private static boolean sameBuckets(TreeMap<Integer, Double> a, TreeMap<Integer, Double> b) {
    if (!a.keySet().equals(b.keySet())) return false;
    Iterator<Double> ib = b.values().iterator();
    for (double va : a.values()) if (!Floats.almostEqual(va, ib.next())) return false;
    return true;
  }

}
