package io.hearth.promql.histogram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.FloatHistogram;
import org.junit.jupiter.api.Test;

/** Native histogram arithmetic with Prometheus's schema, zero bucket and custom bucket rules. */
class HistogramMathTest {
  static FloatHistogram h(int schema, double count, double sum, int offset, double... buckets) {
    FloatHistogram h = new FloatHistogram();
    h.schema = schema;
    h.count = count;
    h.sum = sum;
    h.positiveSpans = new int[] {offset, buckets.length};
    h.positiveBuckets = buckets;
    return h;
  }

  @Test
  void addReducesToCoarserSchema() {
    FloatHistogram a = h(1, 4, 10, 0, 1, 1, 1, 1); // buckets 0..3 at schema 1
    FloatHistogram b = h(0, 2, 5, 0, 1, 1); // buckets 0..1 at schema 0
    FloatHistogram r = HistogramMath.add(a, b, new HistogramMath.Flags());
    assertEquals(0, r.schema);
    assertEquals(6, r.count);
    // Schema-1 buckets 0,1,2,3 map to schema-0 buckets 0,1,1,2.
    assertArrayEquals(new double[] {2, 3, 1}, r.positiveBuckets);
    assertArrayEquals(new int[] {0, 3}, r.positiveSpans);
  }

  @Test
  void compactDropsEmptyBucketsAndJoinsSpans() {
    FloatHistogram x = h(0, 2, 2, 1, 0, 1, 0, 1);
    HistogramMath.compact(x);
    assertArrayEquals(new int[] {2, 1, 1, 1}, x.positiveSpans);
    assertArrayEquals(new double[] {1, 1}, x.positiveBuckets);
  }

  @Test
  void mixingCustomAndExponentialIsIncompatible() {
    FloatHistogram c = h(FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 1, 1, 0, 1);
    c.customValues = new double[] {1};
    assertThrows(IncompatibleHistogramsException.class, () -> HistogramMath.add(c, h(0, 1, 1, 0, 1), null));
  }

  @Test
  void mismatchedCustomBoundsAreReconciled() {
    FloatHistogram a = h(FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 3, 3, 0, 1, 1, 1);
    a.customValues = new double[] {1, 2};
    FloatHistogram b = h(FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 2, 2, 0, 1, 1);
    b.customValues = new double[] {2};
    HistogramMath.Flags f = new HistogramMath.Flags();
    FloatHistogram r = HistogramMath.add(a, b, f);
    assertTrue(f.customBucketsReconciled);
    assertArrayEquals(new double[] {2}, r.customValues);
    assertArrayEquals(new double[] {3, 2}, r.positiveBuckets);
  }

  @Test
  void decreasingBucketIsCounterReset() {
    assertTrue(HistogramMath.detectReset(h(0, 3, 3, 0, 1, 2), h(0, 3, 3, 0, 2, 1)));
    assertFalse(HistogramMath.detectReset(h(0, 4, 4, 0, 2, 2), h(0, 3, 3, 0, 1, 2)));
  }

  @Test
  void quantileInterpolatesExponentiallyInExponentialBuckets() {
    // One bucket (1, 2] holding everything: the median is sqrt(2).
    assertEquals(Math.sqrt(2), HistogramStats.quantile(0.5, h(0, 10, 15, 1, 10)), 1e-12);
  }

  @Test
  void fractionOfWholeRangeIsOne() {
    assertEquals(1, HistogramStats.fraction(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, h(0, 4, 4, 0, 2, 2)));
  }

  @Test
  void kahanSumOfHistogramsKeepsSmallSums() {
    HistogramKahanSum s = new HistogramKahanSum();
    for (double sum : new double[] {1, 1e100, 1, -1e100}) {
      s.add(h(0, 1, sum, 0, 1), new HistogramMath.Flags());
    }
    assertEquals(2, s.result().sum);
    assertEquals(4, s.result().count);
  }
}
