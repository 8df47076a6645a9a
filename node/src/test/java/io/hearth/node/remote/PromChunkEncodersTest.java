package io.hearth.node.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.StaleNaN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Round trips of the Prometheus chunk encoders through the independent test decoder; byte equality
 * with Prometheus itself is proven by {@code PrometheusReadPathsDifferentialTest}.
 */
class PromChunkEncodersTest {
  private static List<PromChunkDecoder.Sample> xorRoundTrip(long[] t, double[] v) {
    PromXorChunk c = new PromXorChunk();
    for (int i = 0; i < t.length; i++) c.append(t[i], v[i]);
    assertEquals(t.length, c.samples());
    assertEquals(t[0], c.minTime());
    assertEquals(t[t.length - 1], c.maxTime());
    return PromChunkDecoder.decode(PromXorChunk.ENCODING, Arrays.copyOf(c.bytes(), c.size()));
  }

  @Test
  void xorChunkStartsWithBigEndianCountAndZigzagVarintTime() {
    PromXorChunk c = new PromXorChunk();
    c.append(-1, 1.0);
    // count 1; varint(-1) = 0x01; 1.0 = 0x3ff0000000000000; then the empty byte Prometheus's
    // bstream leaves after whole bytes written at a byte boundary
    assertArrayEquals(HexFormat.of().parseHex("0001" + "01" + "3ff0000000000000" + "00"), Arrays.copyOf(c.bytes(), c.size()));
    c.append(0, 1.0); // delta 1, unchanged value: bits 00000001 then 0: no spare byte any more
    assertArrayEquals(HexFormat.of().parseHex("0002" + "01" + "3ff0000000000000" + "01" + "00"), Arrays.copyOf(c.bytes(), c.size()));
  }

  @Test
  void xorChunkKeepsEveryDeltaOfDeltaBucketEdgeAndEveryValueBitPattern() {
    long[] dods = {0, 1, -1, 8192, -8191, -8192, 8193, 65536, -65535, -65536, 524288, -524287, -524288, 524289, 1L << 40, -(1L << 40)};
    double[] values = {0.0, -0.0, Double.NaN, StaleNaN.VALUE, Double.POSITIVE_INFINITY, 1.5, 1.5, 1e-300, Double.MIN_VALUE, -7, 3,
        Double.MAX_VALUE, 0.1, 0.2, 0.30000000000000004, 42, 42};
    long[] t = new long[dods.length + 1];
    double[] v = new double[t.length];
    long delta = 15_000;
    t[0] = 1_700_000_000_123L;
    v[0] = values[0];
    for (int i = 1; i < t.length; i++) {
      delta = i == 1 ? delta : delta + dods[i - 1];
      t[i] = t[i - 1] + delta;
      v[i] = values[i % values.length];
    }
    List<PromChunkDecoder.Sample> got = xorRoundTrip(t, v);
    for (int i = 0; i < t.length; i++) {
      assertEquals(t[i], got.get(i).t(), "t of sample " + i);
      assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(got.get(i).v()), "value bits of sample " + i);
    }
  }

  @Test
  void xorChunkOfOneHundredTwentySeededSamplesRoundTrips() {
    Random rnd = new Random(42);
    long[] t = new long[120];
    double[] v = new double[120];
    for (int i = 0; i < 120; i++) {
      t[i] = (i == 0 ? 0 : t[i - 1]) + 15_000 + rnd.nextInt(3) - 1;
      v[i] = rnd.nextInt(4) == 0 ? v[Math.max(0, i - 1)] : Math.round(rnd.nextGaussian() * 1e4) / 100.0;
    }
    List<PromChunkDecoder.Sample> got = xorRoundTrip(t, v);
    for (int i = 0; i < 120; i++) {
      assertEquals(t[i], got.get(i).t());
      assertEquals(v[i], got.get(i).v());
    }
  }

  private static FloatHistogram hist(double count, double zero, double sum, double... pos) {
    FloatHistogram h = new FloatHistogram();
    h.schema = 1;
    h.zeroThreshold = Math.scalb(1.0, -128);
    h.count = count;
    h.zeroCount = zero;
    h.sum = sum;
    h.positiveSpans = new int[] {-2, 2, 1, pos.length - 2};
    h.positiveBuckets = pos;
    h.negativeSpans = new int[] {0, 1};
    h.negativeBuckets = new double[] {1};
    return h;
  }

  @Test
  void integerCountsUseTheHistogramEncodingAndRoundTrip() {
    PromHistogramChunk c = new PromHistogramChunk();
    List<FloatHistogram> in = new ArrayList<>();
    for (int i = 0; i < 50; i++) in.add(hist(10 + 3 * i, 1 + i, 12.5 * i, 2 + i, 3, 4 + 2 * i, 1 + i / 7));
    for (int i = 0; i < in.size(); i++) {
      assertTrue(c.fits(in.get(i)));
      c.append(1000L * i + (i % 3), in.get(i));
    }
    assertEquals(PromHistogramChunk.HISTOGRAM, c.encoding());
    List<PromChunkDecoder.Sample> got = PromChunkDecoder.decode(c.encoding(), Arrays.copyOf(c.bytes(), c.size()));
    for (int i = 0; i < in.size(); i++) {
      FloatHistogram want = in.get(i).copy();
      want.counterResetHint = got.get(i).h().counterResetHint;
      assertEquals(want, got.get(i).h(), "sample " + i);
      assertEquals(1000L * i + (i % 3), got.get(i).t());
    }
  }

  @Test
  void fractionalCountsUseTheFloatHistogramEncodingAndRoundTrip() {
    PromHistogramChunk c = new PromHistogramChunk();
    List<FloatHistogram> in = new ArrayList<>();
    for (int i = 0; i < 30; i++) in.add(hist(10.5 + i, 0.25, 1.0 / (i + 1), 2.5 + i, 3, 4, 1));
    for (int i = 0; i < in.size(); i++) {
      assertTrue(c.fits(in.get(i)));
      c.append(60_000L * i, in.get(i));
    }
    assertEquals(PromHistogramChunk.FLOAT_HISTOGRAM, c.encoding());
    List<PromChunkDecoder.Sample> got = PromChunkDecoder.decode(c.encoding(), Arrays.copyOf(c.bytes(), c.size()));
    for (int i = 0; i < in.size(); i++) {
      FloatHistogram want = in.get(i).copy();
      want.counterResetHint = got.get(i).h().counterResetHint;
      assertEquals(want, got.get(i).h(), "sample " + i);
    }
  }

  @Test
  void histogramChunkRefusesANewLayoutACounterResetAndAFractionAfterIntegers() {
    PromHistogramChunk c = new PromHistogramChunk();
    c.append(0, hist(10, 1, 5, 2, 3, 4));
    assertTrue(c.fits(hist(12, 1, 6, 2, 4, 5)));
    FloatHistogram wider = hist(12, 1, 6, 2, 4, 5, 1);
    assertFalse(c.fits(wider), "another bucket layout needs a new chunk");
    assertFalse(c.fits(hist(8, 1, 6, 1, 3, 4)), "a counter reset needs a new chunk");
    assertTrue(c.resets(hist(8, 1, 6, 1, 3, 4)), "a count that went down is a reset");
    assertFalse(c.resets(hist(12, 1, 6, 2, 4, 5)), "counts that grew are no reset");
    assertFalse(c.fits(hist(12.5, 1, 6, 2.5, 4, 5)), "a fractional count does not fit an integer chunk");
    FloatHistogram gauge = hist(8, 1, 6, 1, 3, 4);
    gauge.counterResetHint = FloatHistogram.CounterResetHint.GAUGE;
    assertFalse(c.fits(gauge), "a gauge histogram does not join a counter chunk");
  }

  @Test
  void histogramChunkHeaderCarriesTheCounterResetHint() {
    PromHistogramChunk c = new PromHistogramChunk();
    FloatHistogram h = hist(10, 1, 5, 2, 3, 4);
    h.counterResetHint = FloatHistogram.CounterResetHint.GAUGE;
    c.append(0, h);
    assertEquals(0xc0, c.bytes()[2] & 0xff);
    c.reset();
    h.counterResetHint = FloatHistogram.CounterResetHint.COUNTER_RESET;
    c.append(0, h);
    assertEquals(0x80, c.bytes()[2] & 0xff);
  }
}
