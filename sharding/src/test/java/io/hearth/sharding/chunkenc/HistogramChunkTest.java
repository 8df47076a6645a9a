package io.hearth.sharding.chunkenc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.FloatHistogram.CounterResetHint;
import io.hearth.sharding.api.StaleNaN;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.api.ValueType;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HistogramChunkTest {
  private static final HexFormat HEX = HexFormat.of();

  static FloatHistogram hist(int schema, double count, double sum, int[] pos, double[] posB) {
    FloatHistogram h = new FloatHistogram();
    h.schema = schema;
    h.count = count;
    h.sum = sum;
    h.positiveSpans = pos;
    h.positiveBuckets = posB;
    return h;
  }

  /** Bit-exact equality (FloatHistogram.equals treats all NaNs alike). */
  static void assertBitExact(FloatHistogram want, FloatHistogram got, String what) {
    assertEquals(want.toString(), got.toString(), what);
    assertEquals(want, got, what);
    assertEquals(Double.doubleToRawLongBits(want.sum), Double.doubleToRawLongBits(got.sum), what + " sum bits");
    assertEquals(Double.doubleToRawLongBits(want.count), Double.doubleToRawLongBits(got.count), what + " count bits");
    for (int i = 0; i < want.positiveBuckets.length; i++) {
      assertEquals(Double.doubleToRawLongBits(want.positiveBuckets[i]),
          Double.doubleToRawLongBits(got.positiveBuckets[i]), what + " bucket " + i);
    }
  }

  static void assertRoundTrip(long[] ts, List<FloatHistogram> hs) {
    HistogramChunk c = new HistogramChunk();
    for (int i = 0; i < ts.length; i++) c.append(ts[i], hs.get(i));
    assertEquals(ts.length, c.numSamples());
    assertEquals(ts[0], c.minTime());
    assertEquals(ts[ts.length - 1], c.maxTime());
    byte[] sealed = ChunkCodec.seal(c);
    assertEquals(ChunkCodec.sealedSize(c), sealed.length);
    for (HistogramIterator it : new HistogramIterator[] {c.iterator(null),
        ChunkCodec.openHistogram(sealed, 0, sealed.length, null),
        new HistogramIterator().reset(c.bytes(), 0, c.sizeBytes(), c.numSamples())}) {
      FloatHistogram reuse = new FloatHistogram();
      for (int i = 0; i < ts.length; i++) {
        assertEquals(ValueType.HISTOGRAM, it.next(), "sample " + i);
        assertEquals(ts[i], it.atT());
        assertBitExact(hs.get(i), it.atHistogram(null), "fresh object, sample " + i);
        assertBitExact(hs.get(i), it.atHistogram(reuse), "reused object, sample " + i);
      }
      assertEquals(ValueType.NONE, it.next());
      assertEquals(ValueType.NONE, it.next());
    }
  }

  @Test
  void constantLayoutRoundTrips() {
    List<FloatHistogram> hs = new ArrayList<>();
    long[] ts = new long[130];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = 1_700_000_000_000L + i * 15_000L + (i % 4);
      hs.add(hist(3, 10 + i * 3, 1.5 * i, new int[] {-2, 3, 1, 2}, new double[] {i, 1, 2 * i, 0, i + 0.5}));
    }
    assertRoundTrip(ts, hs);
  }

  @Test
  void layoutChangesRoundTrip() {
    List<FloatHistogram> hs = new ArrayList<>();
    hs.add(hist(0, 3, 4.5, new int[] {0, 2}, new double[] {1, 2}));
    hs.add(hist(0, 4, 5.5, new int[] {0, 3}, new double[] {1, 2, 1}));
    hs.add(hist(0, 5, 6.5, new int[] {0, 3}, new double[] {1, 3, 1}));
    FloatHistogram neg = hist(-1, 9, -3, new int[] {}, new double[] {});
    neg.negativeSpans = new int[] {1, 2, 5, 1};
    neg.negativeBuckets = new double[] {4, 3, 2};
    neg.zeroThreshold = 1e-128;
    neg.zeroCount = 7;
    neg.counterResetHint = CounterResetHint.COUNTER_RESET;
    hs.add(neg);
    FloatHistogram gauge = neg.copy();
    gauge.counterResetHint = CounterResetHint.GAUGE;
    gauge.count = 8;
    hs.add(gauge);
    FloatHistogram custom = hist(FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 6, 12, new int[] {0, 3}, new double[] {1, 2, 3});
    custom.customValues = new double[] {0.1, 0.5, Double.POSITIVE_INFINITY};
    custom.counterResetHint = CounterResetHint.NOT_COUNTER_RESET;
    hs.add(custom);
    FloatHistogram custom2 = custom.copy();
    custom2.customValues = new double[] {0.1, 0.25, Double.POSITIVE_INFINITY};
    hs.add(custom2);
    FloatHistogram stale = custom2.copy();
    stale.sum = StaleNaN.VALUE;
    hs.add(stale);
    FloatHistogram nan = custom2.copy();
    nan.sum = Double.longBitsToDouble(0xfff8000000000001L);
    nan.positiveBuckets = new double[] {Double.NaN, Double.NEGATIVE_INFINITY, -0.0};
    hs.add(nan);
    hs.add(new FloatHistogram()); // empty histogram, no spans
    hs.add(hist(8, 1, 1, new int[] {Integer.MIN_VALUE / 2, 1, Integer.MAX_VALUE / 2, 1}, new double[] {1, 0}));
    long[] ts = new long[hs.size()];
    for (int i = 0; i < ts.length; i++) ts[i] = -50_000 + i * 60_000L * (i + 1);
    assertRoundTrip(ts, hs);
  }

  @Test
  void singleSampleRoundTrips() {
    assertRoundTrip(new long[] {42}, List.of(hist(1, 1, 1, new int[] {0, 1}, new double[] {1})));
  }

  @Test
  void seededRandomHistogramsRoundTrip() {
    for (int seed = 0; seed < 100; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      int n = 1 + r.nextInt(150);
      long[] ts = new long[n];
      List<FloatHistogram> hs = new ArrayList<>();
      long t = r.nextLong(-1L << 40, 1L << 40);
      FloatHistogram h = randomLayout(r);
      for (int i = 0; i < n; i++) {
        t += 1 + (r.nextBoolean() ? 15_000 : r.nextLong(1L << r.nextInt(1, 40)));
        ts[i] = t;
        if (r.nextInt(10) == 0) h = randomLayout(r);
        else h = h.copy();
        h.count += r.nextInt(3);
        h.sum = r.nextInt(20) == 0 ? Double.longBitsToDouble(r.nextLong()) : h.sum + r.nextDouble();
        for (int b = 0; b < h.positiveBuckets.length; b++) if (r.nextBoolean()) h.positiveBuckets[b] += r.nextInt(5);
        for (int b = 0; b < h.negativeBuckets.length; b++) if (r.nextBoolean()) h.negativeBuckets[b] += 0.25;
        hs.add(h);
      }
      assertRoundTrip(ts, hs);
    }
  }

  private static FloatHistogram randomLayout(SplittableRandom r) {
    FloatHistogram h = new FloatHistogram();
    h.schema = r.nextInt(-4, 9);
    h.counterResetHint = CounterResetHint.values()[r.nextInt(4)];
    h.zeroThreshold = r.nextBoolean() ? 0 : Math.pow(2, -r.nextInt(1, 100));
    h.zeroCount = r.nextInt(10);
    h.positiveSpans = spans(r);
    h.positiveBuckets = new double[covered(h.positiveSpans)];
    h.negativeSpans = r.nextBoolean() ? new int[0] : spans(r);
    h.negativeBuckets = new double[covered(h.negativeSpans)];
    if (r.nextInt(5) == 0) {
      h.schema = FloatHistogram.CUSTOM_BUCKETS_SCHEMA;
      h.customValues = new double[r.nextInt(1, 6)];
      for (int i = 0; i < h.customValues.length; i++) h.customValues[i] = i * r.nextDouble();
    }
    return h;
  }

  private static int[] spans(SplittableRandom r) {
    int[] s = new int[2 * r.nextInt(0, 4)];
    for (int i = 0; i < s.length; i += 2) {
      s[i] = r.nextInt(-10, 10);
      s[i + 1] = r.nextInt(0, 8);
    }
    return s;
  }

  private static int covered(int[] spans) {
    int n = 0;
    for (int i = 1; i < spans.length; i += 2) n += spans[i];
    return n;
  }

  /** Derived by hand (a Python transcription of docs/format/chunks.md), not from the code. */
  @Test
  void goldenBytesForSealedHistogramChunk() {
    HistogramChunk c = new HistogramChunk();
    c.append(1000, hist(0, 3, 4.5, new int[] {0, 2}, new double[] {1, 2}));
    c.append(16000, hist(0, 4, 4.5, new int[] {0, 2}, new double[] {1, 3}));
    assertEquals("02010222d00f8000000000000000000020004000184c801c274012c457ff841cc3aa0031b01809be7769",
        HEX.formatHex(ChunkCodec.seal(c)));
  }

  @Test
  void appendRejectsSpansThatDoNotMatchBuckets() {
    HistogramChunk c = new HistogramChunk();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.append(1, hist(0, 1, 1, new int[] {0, 3}, new double[] {1, 2})));
    assertEquals("positive spans do not match buckets [spans cover=3, buckets=2]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> c.append(1, hist(0, 1, 1, new int[] {0}, new double[] {})));
    assertThrows(IllegalArgumentException.class,
        () -> c.append(1, hist(0, 1, 1, new int[] {0, -1}, new double[] {})));
    assertEquals(0, c.numSamples());
  }

  @Test
  void appendRejectsOutOfOrderSample() {
    HistogramChunk c = new HistogramChunk();
    c.append(10, new FloatHistogram());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.append(10, new FloatHistogram()));
    assertEquals("out of order sample [t=10, last=10]", e.getMessage());
  }

  @Test
  void seekNeverMovesBackwardsAndPastEndExhausts() {
    HistogramChunk c = new HistogramChunk();
    for (int i = 0; i < 10; i++) c.append(i * 100, hist(0, i, i, new int[] {0, 1}, new double[] {i}));
    HistogramIterator it = c.iterator(null);
    assertEquals(ValueType.HISTOGRAM, it.seek(250));
    assertEquals(300, it.atT());
    assertEquals(ValueType.HISTOGRAM, it.seek(0));
    assertEquals(300, it.atT());
    assertEquals(3.0, it.atHistogram(null).count);
    assertEquals(ValueType.NONE, it.seek(901));
    assertEquals(ValueType.NONE, it.next());
    assertEquals(ValueType.NONE, it.seek(0));
  }

  @Test
  void iteratorAndTargetObjectAreReused() {
    HistogramChunk c = new HistogramChunk();
    for (int i = 0; i < 3; i++) c.append(i, hist(0, i, i, new int[] {0, 2}, new double[] {i, i}));
    HistogramIterator it = c.iterator(null);
    FloatHistogram reuse = new FloatHistogram();
    it.next();
    FloatHistogram first = it.atHistogram(reuse);
    assertSame(reuse, first);
    double[] buckets = reuse.positiveBuckets;
    it.next();
    it.atHistogram(reuse);
    assertSame(buckets, reuse.positiveBuckets, "arrays of the right length are reused");
    assertEquals(1.0, reuse.positiveBuckets[1]);
    assertSame(it, c.iterator(it));
    assertEquals(ValueType.HISTOGRAM, it.next());
    assertEquals(0, it.atT());
  }

  @Test
  void iteratorSeesSnapshotTakenAtCreation() {
    HistogramChunk c = new HistogramChunk();
    c.append(0, hist(0, 1, 1, new int[] {0, 1}, new double[] {1}));
    HistogramIterator it = c.iterator(null);
    for (int i = 1; i < 500; i++) c.append(i, hist(0, i, i, new int[] {0, 1 + i % 3}, new double[1 + i % 3]));
    assertEquals(ValueType.HISTOGRAM, it.next());
    assertEquals(ValueType.NONE, it.next());
  }

  @Test
  void flippedBitInSealedHistogramIsCorrupt() {
    HistogramChunk c = new HistogramChunk();
    c.append(1000, hist(0, 3, 4.5, new int[] {0, 2}, new double[] {1, 2}));
    byte[] sealed = ChunkCodec.seal(c);
    for (int bit = 0; bit < sealed.length * 8; bit++) {
      byte[] bad = sealed.clone();
      bad[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
      assertThrows(StorageException.Corrupt.class, () -> ChunkCodec.openHistogram(bad, 0, bad.length, null));
    }
  }

  @Test
  void xorChunkOpenedAsHistogramIsCorrupt() {
    XorChunk x = new XorChunk();
    x.append(1, 1);
    byte[] sealed = ChunkCodec.seal(x);
    StorageException.Corrupt e = assertThrows(StorageException.Corrupt.class,
        () -> ChunkCodec.openHistogram(sealed, 0, sealed.length, null));
    assertEquals("wrong chunk encoding [expected=HISTOGRAM (2), found=XOR (1)]", e.getMessage());
  }

  @Test
  void layoutAnnouncingTooManyBucketsIsCorrupt() {
    // t0 = 0, layout flag, hint 0, schema 0, zero threshold 0, then 1 span of length 2^30.
    BitWriter w = new BitWriter(64);
    w.writeSvarint(0);
    w.writeBits(1, 1);
    w.writeBits(0, 2);
    w.writeSvarint(0);
    w.writeBits(0, 64);
    w.writeUvarint(1);
    w.writeSvarint(0);
    w.writeUvarint(1L << 30);
    HistogramIterator it = new HistogramIterator().reset(w.buffer(), 0, w.byteLength(), 1);
    StorageException.Corrupt e = assertThrows(StorageException.Corrupt.class, it::next);
    assertTrue(e.getMessage().startsWith("histogram span out of range"), e.getMessage());
  }

  @Test
  void floatAccessorIsRefusedOnHistogramChunk() {
    HistogramChunk c = new HistogramChunk();
    c.append(1, new FloatHistogram());
    HistogramIterator it = c.iterator(null);
    it.next();
    assertThrows(IllegalStateException.class, it::atV);
  }
}
