package io.hearth.promql.histogram;

import static io.hearth.promql.histogram.HistogramMathTest.h;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.FloatHistogram;
import org.junit.jupiter.api.Test;

/** Compensated sums and means of native histograms across schemas, zero buckets and custom bounds. */
class HistogramKahanSumTest {
  /** 2^53: adding 1 to it rounds back to it. */
  private static final double BIG = 9007199254740992.0;

  @Test
  void compensatesSumAcrossSchemas() {
    HistogramKahanSum s = new HistogramKahanSum();
    s.add(h(0, 1, 3.1, 0, 1), null);
    s.add(h(0, 1, 1e100, 0, 1), null);
    s.add(h(0, 1, -1e100, 0, 1), null);
    s.add(h(1, 1, 1.3, 0, 1), null);
    FloatHistogram r = s.result();
    assertEquals(0, r.schema);
    assertEquals(4.4, r.sum);
    assertEquals(4, r.count);
  }

  @Test
  void bucketsMergedByTheReductionKeepTheirCompensation() {
    HistogramKahanSum s = new HistogramKahanSum();
    // Schema-1 buckets 1 and 2 both map to schema-0 bucket 1: 2^53 + 1 loses the 1 without compensation.
    s.add(h(1, BIG + 2, 0, 1, BIG, 1), null);
    s.add(h(0, 1, 0, 1, 1), null);
    FloatHistogram r = s.result();
    assertEquals(0, r.schema);
    assertArrayEquals(new double[] {BIG + 2}, r.positiveBuckets);

    // The same with the coarser histogram first: the added one is reduced with a compensation of its own.
    HistogramKahanSum t = new HistogramKahanSum();
    t.add(h(0, 1, 0, 1, 1), null);
    t.add(h(1, BIG + 2, 0, 1, BIG, 1), null);
    assertArrayEquals(new double[] {BIG + 2}, t.result().positiveBuckets);
  }

  @Test
  void widerZeroBucketAbsorbsBucketsWithCompensation() {
    FloatHistogram a = h(0, BIG, 0, 0, BIG); // bucket 0: (0.5, 1]
    a.zeroThreshold = 0.001;
    HistogramKahanSum s = new HistogramKahanSum();
    s.add(a, null);
    s.add(h(0, 1, 0, 0, 1), null); // compensation 1 in bucket 0
    FloatHistogram wide = new FloatHistogram();
    wide.zeroThreshold = 1;
    wide.zeroCount = 1;
    wide.count = 1;
    s.add(wide, null);
    FloatHistogram r = s.result();
    assertEquals(1, r.zeroThreshold);
    assertEquals(BIG + 2, r.zeroCount);
    assertEquals(0, r.positiveBuckets.length);
  }

  @Test
  void mismatchedCustomBoundsKeepCompensation() {
    FloatHistogram a = h(FloatHistogram.CUSTOM_BUCKETS_SCHEMA, BIG, 0, 0, BIG);
    a.customValues = new double[] {5};
    FloatHistogram b = h(FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 1, 0, 0, 1);
    b.customValues = new double[] {5};
    FloatHistogram c = h(FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 1, 0, 0, 1);
    c.customValues = new double[] {5, 10};
    HistogramKahanSum s = new HistogramKahanSum();
    HistogramMath.Flags f = new HistogramMath.Flags();
    s.add(a, f);
    s.add(b, f);
    s.add(c, f);
    FloatHistogram r = s.result();
    assertArrayEquals(new double[] {5}, r.customValues);
    assertArrayEquals(new double[] {BIG + 2}, r.positiveBuckets);
    assertTrue(f.customBucketsReconciled);
  }

  @Test
  void incompatibleHistogramLeavesSumUnchanged() {
    HistogramKahanSum s = new HistogramKahanSum();
    s.add(h(0, 2, 3, 0, 2), null);
    FloatHistogram nhcb = h(FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 1, 1, 0, 1);
    nhcb.customValues = new double[] {1};
    assertThrows(IncompatibleHistogramsException.class, () -> s.add(nhcb, null));
    assertEquals(2, s.result().count);
  }

  @Test
  void meanSwitchesToIncrementalInsteadOfOverflowing() {
    HistogramMean m = new HistogramMean();
    m.add(h(0, Double.MAX_VALUE, 1, 0, Double.MAX_VALUE), null);
    m.add(h(0, Double.MAX_VALUE, 3, 0, Double.MAX_VALUE), null);
    FloatHistogram r = m.result();
    assertEquals(Double.MAX_VALUE, r.count);
    assertEquals(2, r.sum);
    assertArrayEquals(new double[] {Double.MAX_VALUE}, r.positiveBuckets);
  }

  @Test
  void meanIsCompensatedSumOverCount() {
    HistogramMean m = new HistogramMean();
    m.add(h(0, 1, 1, 0, 1), null);
    m.add(h(0, 1, 1e100, 0, 1), null);
    m.add(h(0, 1, 1, 0, 1), null);
    m.add(h(0, 1, -1e100, 0, 1), null);
    assertEquals(0.5, m.result().sum);
  }
}
