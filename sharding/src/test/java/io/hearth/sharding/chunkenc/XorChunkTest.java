package io.hearth.sharding.chunkenc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.StaleNaN;
import io.hearth.sharding.api.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class XorChunkTest {

  /** A named table case: timestamps and raw value bits. */
  record Case(String name, long[] ts, long[] bits) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case of(String name, long[] ts, double[] vs) {
    long[] bits = new long[vs.length];
    for (int i = 0; i < vs.length; i++) bits[i] = Double.doubleToRawLongBits(vs[i]);
    return new Case(name, ts, bits);
  }

  static long[] regular(long start, long step, int n) {
    long[] ts = new long[n];
    for (int i = 0; i < n; i++) ts[i] = start + i * step;
    return ts;
  }

  static double[] fill(int n, java.util.function.IntToDoubleFunction f) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = f.applyAsDouble(i);
    return v;
  }

  static Stream<Arguments> cases() {
    long start = 1_700_000_000_000L;
    SplittableRandom r = new SplittableRandom(42);
    long[] jittered = new long[130];
    for (int i = 0; i < jittered.length; i++) jittered[i] = start + i * 15_000L + r.nextInt(-5, 6);
    long[] irregular = new long[130];
    irregular[0] = start;
    for (int i = 1; i < irregular.length; i++) irregular[i] = irregular[i - 1] + 1 + r.nextLong(1L << r.nextInt(1, 40));
    List<Case> cs = new ArrayList<>();
    cs.add(of("single sample", new long[] {start}, new double[] {42.5}));
    cs.add(of("two samples", new long[] {start, start + 15_000}, new double[] {1, 2}));
    cs.add(of("constant value regular interval", regular(start, 15_000, 130), fill(130, i -> 1.0)));
    cs.add(of("zero constant", regular(start, 15_000, 130), fill(130, i -> 0.0)));
    cs.add(of("jittered interval", jittered, fill(130, i -> 1.0)));
    cs.add(of("irregular intervals", irregular, fill(130, i -> i)));
    cs.add(of("counter with 0.01 resolution", regular(start, 15_000, 130),
        fill(130, i -> Math.round((123456.78 + i * 0.37 + (i % 7) * 0.01) * 100) / 100.0)));
    cs.add(of("gauge sine with noise", jittered, fill(130, i -> 4096.0 * Math.round(1e5 + 1e4 * Math.sin(i / 20.0) + i % 3))));
    cs.add(of("integer counter", regular(start, 15_000, 130), fill(130, i -> i * 17)));
    cs.add(of("huge deltas", new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE / 2, Long.MAX_VALUE},
        new double[] {1, 2, 3, 4, 5, 6}));
    cs.add(of("negative timestamps", regular(-1_000_000, 7_777, 130), fill(130, i -> -i * 1.5)));
    cs.add(of("gap buckets", new long[] {0, 15_000, 30_000, 30_001, 100_000, 100_000 + 65_536 * 2, 10_000_000,
        20_000_000, 30_000_000, 2_000_000_000L, 2_000_015_000L}, fill(11, i -> i)));
    cs.add(of("infinities", regular(start, 15_000, 6), new double[] {Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0, Double.NEGATIVE_INFINITY, Double.MAX_VALUE}));
    cs.add(of("signed zeros and extremes", regular(start, 15_000, 6), new double[] {0.0, -0.0, Double.MIN_VALUE,
        -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MAX_VALUE}));
    cs.add(new Case("nan bit patterns", regular(start, 15_000, 7), new long[] {0x7ff8000000000000L,
        0xfff8000000000000L, 0x7ff0000000000001L, 0x7fffffffffffffffL, StaleNaN.BITS, 0xffffffffffffffffL, 0L}));
    cs.add(of("stale markers between values", regular(start, 15_000, 9),
        new double[] {1, StaleNaN.VALUE, StaleNaN.VALUE, 2, Double.NaN, StaleNaN.VALUE, 3, 3, StaleNaN.VALUE}));
    cs.add(of("many samples", regular(start, 1_000, 5_000), fill(5_000, i -> Math.sqrt(i))));
    return cs.stream().map(Arguments::of);
  }

  static XorChunk build(Case c) {
    XorChunk chunk = new XorChunk();
    for (int i = 0; i < c.ts.length; i++) chunk.append(c.ts[i], Double.longBitsToDouble(c.bits[i]));
    return chunk;
  }

  static void assertSamples(Case c, XorIterator it) {
    for (int i = 0; i < c.ts.length; i++) {
      assertEquals(ValueType.FLOAT, it.next(), c.name + " sample " + i);
      assertEquals(c.ts[i], it.atT(), c.name + " t " + i);
      assertEquals(c.bits[i], Double.doubleToRawLongBits(it.atV()), c.name + " value bits " + i);
      assertEquals(c.bits[i], it.atValueBits(), c.name + " raw bits " + i);
    }
    assertEquals(ValueType.NONE, it.next());
    assertEquals(ValueType.NONE, it.next(), "exhausted stays exhausted");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void roundTripsThroughLiveIterator(Case c) {
    XorChunk chunk = build(c);
    assertEquals(c.ts.length, chunk.numSamples());
    assertEquals(c.ts[0], chunk.minTime());
    assertEquals(c.ts[c.ts.length - 1], chunk.maxTime());
    assertSamples(c, chunk.iterator(null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void roundTripsThroughPayloadBytes(Case c) {
    XorChunk chunk = build(c);
    byte[] payload = chunk.bytes();
    assertEquals(chunk.sizeBytes(), payload.length);
    byte[] shifted = new byte[payload.length + 13];
    System.arraycopy(payload, 0, shifted, 5, payload.length);
    assertSamples(c, new XorIterator().reset(shifted, 5, payload.length, c.ts.length));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void roundTripsThroughSealedForm(Case c) {
    XorChunk chunk = build(c);
    byte[] sealed = ChunkCodec.seal(chunk);
    assertEquals(ChunkCodec.sealedSize(chunk), sealed.length);
    assertEquals(Encoding.XOR, ChunkCodec.encodingOf(sealed, 0, sealed.length));
    assertEquals(sealed.length, ChunkCodec.sealedLength(sealed, 0, sealed.length));
    assertSamples(c, ChunkCodec.open(sealed, 0, sealed.length, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reopenedChunkKeepsAppendingIdentically(Case c) {
    int half = Math.max(1, c.ts.length / 2);
    XorChunk first = new XorChunk();
    for (int i = 0; i < half; i++) first.append(c.ts[i], Double.longBitsToDouble(c.bits[i]));
    XorChunk reopened = ChunkCodec.reopen(ChunkCodec.seal(first), 0, ChunkCodec.sealedSize(first));
    assertEquals(first.minTime(), reopened.minTime());
    assertEquals(first.maxTime(), reopened.maxTime());
    for (int i = half; i < c.ts.length; i++) reopened.append(c.ts[i], Double.longBitsToDouble(c.bits[i]));
    assertSamples(c, reopened.iterator(null));
    assertEquals(java.util.Arrays.toString(build(c).bytes()), java.util.Arrays.toString(reopened.bytes()),
        "a reopened chunk encodes exactly as one never sealed");
  }

  @Test
  void seededRandomShapesRoundTrip() {
    for (int seed = 0; seed < 300; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      int n = 1 + r.nextInt(400);
      long[] ts = new long[n];
      long[] bits = new long[n];
      long t = r.nextLong(-1L << 45, 1L << 45);
      double v = r.nextDouble() * 1e6;
      long step = 1 + r.nextInt(60_000);
      for (int i = 0; i < n; i++) {
        switch (r.nextInt(6)) {
          case 0: t += step; break;
          case 1: t += step + r.nextInt(-10, 11); break;
          case 2: t += 1 + r.nextLong(1L << r.nextInt(1, 50)); break;
          default: t += step;
        }
        ts[i] = t;
        switch (r.nextInt(7)) {
          case 0: break; // unchanged
          case 1: v += Math.round(r.nextDouble() * 100) / 100.0; break;
          case 2: v = Double.longBitsToDouble(r.nextLong()); break; // any bit pattern, NaNs included
          case 3: v = StaleNaN.VALUE; break;
          case 4: v = r.nextInt(2); break;
          default: v = v * (1 + r.nextGaussian() * 1e-3);
        }
        bits[i] = Double.doubleToRawLongBits(v);
        if (Double.isNaN(v)) v = r.nextDouble();
      }
      Case c = new Case("seed " + seed, ts, bits);
      XorChunk chunk = build(c);
      assertSamples(c, chunk.iterator(null));
      byte[] sealed = ChunkCodec.seal(chunk);
      assertSamples(c, ChunkCodec.open(sealed, 0, sealed.length, null));
    }
  }

  @Test
  void capacityHintDoesNotChangeEncoding() {
    Case c = (Case) cases().skip(6).findFirst().orElseThrow().get()[0];
    for (int hint : new int[] {0, 8, 9, 1000}) {
      XorChunk chunk = new XorChunk(hint);
      for (int i = 0; i < c.ts.length; i++) chunk.append(c.ts[i], Double.longBitsToDouble(c.bits[i]));
      assertEquals(java.util.Arrays.toString(build(c).bytes()), java.util.Arrays.toString(chunk.bytes()));
    }
  }

  @Test
  void appendRejectsOutOfOrderSampleAndKeepsChunkUnchanged() {
    XorChunk chunk = new XorChunk();
    chunk.append(1000, 1);
    chunk.append(2000, 2);
    chunk.append(3000, 3);
    byte[] before = chunk.bytes();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chunk.append(3000, 4));
    assertEquals("out of order sample [t=3000, last=3000]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> chunk.append(10, 4));
    XorChunk second = new XorChunk();
    second.append(1000, 1);
    assertThrows(IllegalArgumentException.class, () -> second.append(999, 4));
    assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(chunk.bytes()));
    assertEquals(3, chunk.numSamples());
  }

  @Test
  void emptyChunkIteratesNothingAndRefusesToSeal() {
    XorChunk chunk = new XorChunk();
    assertEquals(0, chunk.numSamples());
    assertEquals(Long.MAX_VALUE, chunk.minTime());
    assertEquals(Long.MIN_VALUE, chunk.maxTime());
    XorIterator it = chunk.iterator(null);
    assertEquals(ValueType.NONE, it.next());
    assertEquals(ValueType.NONE, it.seek(Long.MIN_VALUE));
    assertThrows(IllegalArgumentException.class, () -> ChunkCodec.seal(chunk));
  }

  static XorChunk tenSamples() {
    XorChunk chunk = new XorChunk();
    for (int i = 0; i < 10; i++) chunk.append(1000 + i * 100, i);
    return chunk;
  }

  @Test
  void seekFindsFirstSampleAtOrAfterTarget() {
    XorIterator it = tenSamples().iterator(null);
    assertEquals(ValueType.FLOAT, it.seek(1250));
    assertEquals(1300, it.atT());
    assertEquals(3.0, it.atV());
    assertEquals(ValueType.FLOAT, it.seek(1300));
    assertEquals(1300, it.atT(), "seek to the current timestamp stays");
    assertEquals(ValueType.FLOAT, it.next());
    assertEquals(1400, it.atT());
  }

  @Test
  void seekNeverMovesBackwards() {
    XorIterator it = tenSamples().iterator(null);
    assertEquals(ValueType.FLOAT, it.seek(1500));
    assertEquals(ValueType.FLOAT, it.seek(1000));
    assertEquals(1500, it.atT());
    assertEquals(ValueType.FLOAT, it.seek(Long.MIN_VALUE));
    assertEquals(1500, it.atT());
  }

  @Test
  void seekBeforeStartLandsOnFirstSample() {
    XorIterator it = tenSamples().iterator(null);
    assertEquals(ValueType.FLOAT, it.seek(-5));
    assertEquals(1000, it.atT());
  }

  @Test
  void seekPastEndExhaustsIterator() {
    XorIterator it = tenSamples().iterator(null);
    assertEquals(ValueType.NONE, it.seek(1901));
    assertEquals(ValueType.NONE, it.next());
    assertEquals(ValueType.NONE, it.seek(0), "an exhausted iterator stays exhausted");
  }

  @Test
  void seekToLastSampleThenNextExhausts() {
    XorIterator it = tenSamples().iterator(null);
    assertEquals(ValueType.FLOAT, it.seek(1900));
    assertEquals(9.0, it.atV());
    assertEquals(ValueType.NONE, it.next());
  }

  @Test
  void iteratorIsReusedAndFullyReset() {
    XorChunk a = tenSamples();
    XorChunk b = new XorChunk();
    b.append(-7, StaleNaN.VALUE);
    XorIterator it = a.iterator(null);
    it.seek(1500);
    assertSame(it, b.iterator(it));
    assertEquals(ValueType.FLOAT, it.next());
    assertEquals(-7, it.atT());
    assertTrue(StaleNaN.is(it.atV()));
    assertEquals(ValueType.NONE, it.next());
    assertSame(it, a.iterator(it));
    int n = 0;
    while (it.next() == ValueType.FLOAT) assertEquals(n++, it.atV());
    assertEquals(10, n);
  }

  @Test
  void iteratorSeesSnapshotTakenAtCreation() {
    XorChunk chunk = new XorChunk();
    chunk.append(0, 0);
    chunk.append(15_000, 1);
    XorIterator it = chunk.iterator(null);
    for (int i = 2; i < 2_000; i++) chunk.append(i * 15_000L, i * 1.5); // grows the buffer several times
    assertEquals(ValueType.FLOAT, it.next());
    assertEquals(ValueType.FLOAT, it.next());
    assertEquals(1.0, it.atV());
    assertEquals(ValueType.NONE, it.next(), "samples appended after iterator() are not visible");
  }

  @Test
  void concurrentReadersSeeConsistentSnapshotsWhileAppending() throws Exception {
    XorChunk chunk = new XorChunk();
    Object lock = new Object();
    int total = 20_000;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread[] readers = new Thread[2];
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    for (int r = 0; r < readers.length; r++) {
      readers[r] = new Thread(() -> {
        XorIterator it = null;
        try {
          while (!done.get()) {
            int expected;
            synchronized (lock) {
              it = chunk.iterator(it);
              expected = chunk.numSamples();
            }
            int n = 0;
            while (it.next() == ValueType.FLOAT) {
              if (it.atT() != n * 15_000L + (n % 3) || Double.doubleToRawLongBits(it.atV()) != Double.doubleToRawLongBits(valueAt(n))) {
                throw new AssertionError("sample " + n + " of " + expected + ": t=" + it.atT() + " v=" + it.atV());
              }
              n++;
            }
            if (n != expected) throw new AssertionError("read " + n + " samples, snapshot had " + expected);
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      });
      readers[r].start();
    }
    for (int i = 0; i < total && failure.get() == null; i++) {
      synchronized (lock) {
        chunk.append(i * 15_000L + (i % 3), valueAt(i));
      }
    }
    done.set(true);
    for (Thread t : readers) t.join(30_000);
    if (failure.get() != null) throw new AssertionError(failure.get());
    assertEquals(total, chunk.numSamples());
  }

  private static double valueAt(int i) {
    return i % 5 == 0 ? StaleNaN.VALUE : i * 0.25 + (i % 7);
  }

  @Test
  void iteratorOverTruncatedPayloadRaisesCorrupt() {
    XorChunk chunk = tenSamples();
    byte[] payload = chunk.bytes();
    XorIterator it = new XorIterator().reset(payload, 0, payload.length / 2, chunk.numSamples());
    io.hearth.sharding.api.StorageException.Corrupt e = assertThrows(
        io.hearth.sharding.api.StorageException.Corrupt.class, () -> {
          while (it.next() == ValueType.FLOAT) { /* drain */ }
        });
    assertTrue(e.getMessage().startsWith("chunk bit stream ends early [expected="), e.getMessage());
  }

  @Test
  void atHistogramIsRefusedOnFloatChunk() {
    XorIterator it = tenSamples().iterator(null);
    it.next();
    assertThrows(IllegalStateException.class, () -> it.atHistogram(null));
  }
}
