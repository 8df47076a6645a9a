package io.hearth.sharding.chunkenc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.StaleNaN;
import io.hearth.sharding.api.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColdSegmentCodecTest {

  static byte[] xor(long start, long step, double... vs) {
    XorChunk c = new XorChunk();
    for (int i = 0; i < vs.length; i++) c.append(start + i * step, vs[i]);
    return ChunkCodec.seal(c);
  }

  static List<byte[]> mixedChunks(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<byte[]> chunks = new ArrayList<>();
    for (int s = 0; s < 200; s++) {
      XorChunk c = new XorChunk();
      long t = 1_700_000_000_000L + r.nextInt(15_000);
      long ticks = r.nextLong(1L << 40);
      double gauge = 4096.0 * r.nextInt(1 << 20);
      int kind = r.nextInt(8);
      int n = 1 + r.nextInt(150);
      for (int i = 0; i < n; i++) {
        t += 15_000 + (kind == 1 ? r.nextInt(-5, 6) : 0);
        double v;
        switch (kind) {
          case 0: v = (ticks += r.nextInt(1500)) / 100.0; break;           // cpu seconds counter
          case 1: v = gauge += 4096.0 * r.nextInt(-50, 51); break;           // page-rounded gauge
          case 2: v = 1; break;                                             // constant
          case 3: v = Math.sqrt(i + s); break;                              // not a short decimal
          case 4: v = i == n - 1 ? StaleNaN.VALUE : i; break;               // ends with a stale marker
          case 5: v = -0.0; break;                                          // sign must survive
          case 6: v = r.nextInt(3) * 0.25 - 1e-3 * r.nextInt(1000); break;  // three decimals
          default: v = Double.longBitsToDouble(r.nextLong()); break;        // anything
        }
        c.append(t, v);
      }
      chunks.add(ChunkCodec.seal(c));
    }
    HistogramChunk h = new HistogramChunk();
    FloatHistogram fh = new FloatHistogram();
    fh.positiveSpans = new int[] {0, 2};
    fh.positiveBuckets = new double[] {1, 2};
    h.append(5, fh);
    chunks.add(ChunkCodec.seal(h));
    return chunks;
  }

  static void assertSameChunks(List<byte[]> want, List<byte[]> got) {
    assertEquals(want.size(), got.size());
    for (int i = 0; i < want.size(); i++) assertArrayEquals(want.get(i), got.get(i), "chunk " + i);
  }

  /**
   * Packing reuses each thread's buffers: a segment packed after larger ones (longer chunks, more
   * bytes) is byte for byte the segment a fresh thread packs.
   */
  @Test
  void aSegmentPackedAfterLargerOnesIsTheSameAsOnAFreshThread() throws Exception {
    List<byte[]> small = mixedChunks(7).subList(0, 20);
    byte[][] fresh = new byte[1][];
    Thread t = new Thread(() -> fresh[0] = ColdSegmentCodec.pack(small));
    t.start();
    t.join();
    List<byte[]> large = new ArrayList<>(mixedChunks(8));
    double[] many = new double[1000];
    for (int i = 0; i < many.length; i++) many[i] = i * 0.25;
    large.add(xor(1_700_000_000_000L, 15_000, many));
    ColdSegmentCodec.pack(large);
    byte[] reused = ColdSegmentCodec.pack(small);
    assertArrayEquals(fresh[0], reused);
    List<byte[]> back = ColdSegmentCodec.unpack(reused, 0, reused.length);
    assertEquals(small.size(), back.size());
    for (int i = 0; i < small.size(); i++) assertArrayEquals(small.get(i), back.get(i));
  }

  @Test
  void unpackReturnsByteIdenticalChunks() {
    for (long seed = 0; seed < 5; seed++) {
      List<byte[]> chunks = mixedChunks(seed);
      byte[] seg = ColdSegmentCodec.pack(chunks);
      assertEquals(Encoding.COLD_SEGMENT, ChunkCodec.encodingOf(seg, 0, seg.length));
      assertEquals(chunks.size(), ColdSegmentCodec.chunkCount(seg, 0, seg.length));
      assertSameChunks(chunks, ColdSegmentCodec.unpack(seg, 0, seg.length));
    }
  }

  @Test
  void verbatimModeRoundTrips() {
    List<byte[]> chunks = mixedChunks(7);
    byte[] seg = ColdSegmentCodec.pack(chunks, false, 3);
    assertSameChunks(chunks, ColdSegmentCodec.unpack(seg, 0, seg.length));
  }

  @Test
  void decimalReencodingIsSmallerForCentisecondCounters() {
    List<byte[]> chunks = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(3);
    for (int s = 0; s < 100; s++) {
      double[] vs = new double[120];
      long ticks = r.nextLong(1L << 32);
      for (int i = 0; i < vs.length; i++) vs[i] = (ticks += r.nextInt(100, 200)) / 100.0;
      chunks.add(xor(0, 15_000, vs));
    }
    int plain = ColdSegmentCodec.pack(chunks, false, ColdSegmentCodec.DEFAULT_LEVEL).length;
    int decimal = ColdSegmentCodec.pack(chunks, true, ColdSegmentCodec.DEFAULT_LEVEL).length;
    assertTrue(decimal < plain, "decimal " + decimal + " vs plain " + plain);
  }

  @Test
  void valuesThatAreNotShortDecimalsStayVerbatim() {
    List<byte[]> chunks = List.of(xor(0, 1, 0.1, 0.2, 0.30000000000000004), xor(0, 1, 1e300, 2e300),
        xor(0, 1, 1, Double.MIN_VALUE), xor(-5, 3, 9007199254740993.0 /* 2^53 + 1 rounds */, 1));
    byte[] seg = ColdSegmentCodec.pack(chunks);
    assertSameChunks(chunks, ColdSegmentCodec.unpack(seg, 0, seg.length));
  }

  @Test
  void emptySegmentRoundTrips() {
    byte[] seg = ColdSegmentCodec.pack(List.of());
    assertEquals(0, ColdSegmentCodec.unpack(seg, 0, seg.length).size());
  }

  @Test
  void packRejectsCorruptInputChunk() {
    byte[] bad = xor(0, 1, 1, 2, 3);
    bad[5] ^= 1;
    assertThrows(StorageException.Corrupt.class, () -> ColdSegmentCodec.pack(List.of(bad)));
  }

  @Test
  void everySingleBitFlipIsDetectedAsCorrupt() {
    byte[] seg = ColdSegmentCodec.pack(List.of(xor(0, 15_000, 1.5, 2.5, 3.75), xor(0, 1, Math.PI)));
    for (int bit = 0; bit < seg.length * 8; bit++) {
      byte[] bad = seg.clone();
      bad[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
      StorageException.Corrupt e = assertThrows(StorageException.Corrupt.class,
          () -> ColdSegmentCodec.unpack(bad, 0, bad.length), "bit " + bit);
      assertTrue(e.getMessage().contains("[expected="), e.getMessage());
    }
  }

  @Test
  void newerColdSegmentVersionIsRefused() {
    byte[] seg = ChunkCodecTest.resealed(ColdSegmentCodec.pack(List.of(xor(0, 15_000, 1.5, 2.5))), 2);
    StorageException.UnsupportedVersion e = assertThrows(StorageException.UnsupportedVersion.class,
        () -> ColdSegmentCodec.unpack(seg, 0, seg.length));
    assertEquals("cold segment", e.record());
    assertEquals(2, e.found());
  }

  @Test
  void sealedChunkIsNotASegment() {
    byte[] chunk = xor(0, 1, 1, 2, 3);
    StorageException.Corrupt e = assertThrows(StorageException.Corrupt.class,
        () -> ColdSegmentCodec.unpack(chunk, 0, chunk.length));
    assertEquals("not a cold segment [expected=encoding 3 (COLD_SEGMENT), found=1]", e.getMessage());
  }
}
