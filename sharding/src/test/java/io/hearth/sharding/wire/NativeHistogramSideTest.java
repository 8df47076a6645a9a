package io.hearth.sharding.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The native-histogram side shared by the remote-write and exposition decoders. */
class NativeHistogramSideTest {
  @Test
  void deltasBecomeAbsoluteCountsSummedAsIntegers() {
    NativeHistogramSide s = new NativeHistogramSide();
    for (long d : new long[] {2, 1, -3, 5}) s.addDelta(d);
    assertArrayEquals(new double[] {2, 3, 0, 5}, s.absoluteDeltas(new double[0]));
    s.clear();
    // Summed as 64-bit integers, then widened: 2^53 + 1 survives the sum, a double running sum would not.
    s.addDelta(1L << 53);
    s.addDelta(1);
    s.addDelta(-1);
    assertArrayEquals(new double[] {9007199254740992.0, 9007199254740992.0, 9007199254740992.0},
        s.absoluteDeltas(new double[0]));
  }

  @Test
  void arraysAreReusedWhenTheirLengthFitsExactly() {
    NativeHistogramSide s = new NativeHistogramSide();
    s.addSpan(-2, 2);
    s.addCount(1.5);
    s.addCount(2.5);
    int[] spans = new int[2];
    double[] counts = new double[2];
    assertSame(spans, s.spans(spans));
    assertArrayEquals(new int[] {-2, 2}, spans);
    assertSame(counts, s.counts(counts));
    assertArrayEquals(new double[] {1.5, 2.5}, counts);
    double[] wrong = new double[3];
    double[] got = s.counts(wrong);
    assertEquals(2, got.length);
    s.clear();
    assertEquals(0, s.spans(spans).length, "after clear there are no spans");
    assertEquals(0, s.absoluteDeltas(counts).length);
  }

  @Test
  void growsPastItsInitialCapacity() {
    NativeHistogramSide s = new NativeHistogramSide();
    for (int i = 0; i < 100; i++) {
      s.addSpan(1, 1);
      s.addDelta(1);
      s.addCount(i);
    }
    assertEquals(200, s.spans(new int[0]).length);
    assertEquals(100.0, s.absoluteDeltas(new double[0])[99]);
    assertEquals(99.0, s.counts(new double[0])[99]);
  }

  @Test
  void spanCheckNamesNeededAndGivenBucketsWithLengthsReadAsUnsigned() {
    assertNull(NativeHistogramSide.checkSpans(new int[] {0, 2, 3, 1}, 3));
    assertEquals("spans need 3 buckets, have 2 buckets: histogram spans specify different number of buckets than provided",
        NativeHistogramSide.checkSpans(new int[] {0, 2, 3, 1}, 2));
    assertEquals("spans need 4294967295 buckets, have 0 buckets: histogram spans specify different number of buckets "
        + "than provided", NativeHistogramSide.checkSpans(new int[] {0, -1}, 0));
  }
}
