package io.hearth.sharding.chunkenc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.StaleNaN;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.api.ValueType;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * Five samples covering each code path of docs/format/chunks.md: svarint t0, raw v0, uvarint
   * delta, unchanged value, regular interval, new window, jitter bucket (+5 and -5 ms), and a
   * stale marker. The expected bytes were derived by hand from the format doc, not from the code.
   */
  static XorChunk goldenChunk() {
    XorChunk c = new XorChunk();
    c.append(1000, 1.0);
    c.append(16000, 1.0);
    c.append(31000, 2.0);
    c.append(46005, 2.0);
    c.append(61005, StaleNaN.VALUE);
    return c;
  }

  static final String GOLDEN_PAYLOAD = "d00f3ff000000000000098753097ffe0abde2f7ff0000000000002";
  static final String GOLDEN_SEALED = "0101051b" + GOLDEN_PAYLOAD + "ff5b92f4";

  @Test
  void goldenBytesForXorPayload() {
    assertEquals(GOLDEN_PAYLOAD, HEX.formatHex(goldenChunk().bytes()));
  }

  @Test
  void goldenBytesForSealedXorChunk() {
    assertEquals(GOLDEN_SEALED, HEX.formatHex(ChunkCodec.seal(goldenChunk())));
  }

  @Test
  void goldenSealedXorChunkDecodes() {
    byte[] sealed = HEX.parseHex(GOLDEN_SEALED);
    XorIterator it = ChunkCodec.open(sealed, 0, sealed.length, null);
    long[] ts = {1000, 16000, 31000, 46005, 61005};
    double[] vs = {1, 1, 2, 2};
    for (int i = 0; i < 4; i++) {
      assertEquals(ValueType.FLOAT, it.next());
      assertEquals(ts[i], it.atT());
      assertEquals(vs[i], it.atV());
    }
    assertEquals(ValueType.FLOAT, it.next());
    assertEquals(61005, it.atT());
    assertTrue(StaleNaN.is(it.atV()));
    assertEquals(ValueType.NONE, it.next());
  }

  @Test
  void sealWritesIntoCallerBufferAtOffset() {
    XorChunk c = goldenChunk();
    byte[] dst = new byte[100];
    int n = ChunkCodec.seal(c, dst, 7);
    assertEquals(ChunkCodec.sealedSize(c), n);
    byte[] slice = java.util.Arrays.copyOfRange(dst, 7, 7 + n);
    assertEquals(GOLDEN_SEALED, HEX.formatHex(slice));
    assertEquals(n, ChunkCodec.sealedLength(dst, 7, 93));
    XorIterator it = ChunkCodec.open(dst, 7, n, new XorIterator());
    int count = 0;
    while (it.next() == ValueType.FLOAT) count++;
    assertEquals(5, count);
  }

  @Test
  void everySingleBitFlipIsDetectedAsCorrupt() {
    byte[] sealed = HEX.parseHex(GOLDEN_SEALED);
    for (int bit = 0; bit < sealed.length * 8; bit++) {
      byte[] bad = sealed.clone();
      bad[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
      StorageException.Corrupt e = assertThrows(StorageException.Corrupt.class,
          () -> ChunkCodec.open(bad, 0, bad.length, null), "flipped bit " + bit);
      assertTrue(e.getMessage().contains("[expected=") && e.getMessage().contains("found="), e.getMessage());
    }
  }

  @Test
  void flippedPayloadBitNamesChecksumExpectedAndFound() {
    byte[] bad = HEX.parseHex(GOLDEN_SEALED);
    bad[10] ^= 0x10;
    StorageException.Corrupt e = assertThrows(StorageException.Corrupt.class,
        () -> ChunkCodec.open(bad, 0, bad.length, null));
    assertTrue(e.getMessage().startsWith("checksum mismatch in XOR chunk [expected=crc32c "), e.getMessage());
    assertTrue(e.getMessage().endsWith("found=ff5b92f4]"), e.getMessage());
  }

  @Test
  void unknownEncodingIsCorrupt() {
    byte[] bad = HEX.parseHex(GOLDEN_SEALED);
    bad[0] = 9;
    StorageException.Corrupt e = assertThrows(StorageException.Corrupt.class,
        () -> ChunkCodec.open(bad, 0, bad.length, null));
    assertEquals("unknown chunk encoding [expected=1 (XOR), 2 (HISTOGRAM) or 3 (COLD_SEGMENT), found=9]",
        e.getMessage());
  }

  @Test
  void histogramChunkOpenedAsXorIsCorrupt() {
    byte[] bad = HEX.parseHex(GOLDEN_SEALED);
    bad[0] = Encoding.HISTOGRAM.code();
    StorageException.Corrupt e = assertThrows(StorageException.Corrupt.class,
        () -> ChunkCodec.open(bad, 0, bad.length, null));
    assertEquals("wrong chunk encoding [expected=XOR (1), found=HISTOGRAM (2)]", e.getMessage());
  }

  @Test
  void flippedVersionByteIsCorrupt() {
    byte[] bad = HEX.parseHex(GOLDEN_SEALED);
    bad[1] = 7;
    StorageException.Corrupt e = assertThrows(StorageException.Corrupt.class,
        () -> ChunkCodec.open(bad, 0, bad.length, null));
    assertTrue(e.getMessage().startsWith("checksum mismatch in XOR chunk"), e.getMessage());
  }

  @Test
  void newerChunkVersionIsRefusedNamingTheVersions() {
    byte[] newer = resealed(HEX.parseHex(GOLDEN_SEALED), 7);
    StorageException.UnsupportedVersion e = assertThrows(StorageException.UnsupportedVersion.class,
        () -> ChunkCodec.open(newer, 0, newer.length, null));
    assertEquals("stored record has a format version this build does not read [record=sealed XOR chunk, name=chunk,"
        + " found=7, reads=1]: written by a newer Hearth? downgrades are not supported", e.getMessage());
  }

  /** A sealed chunk with another version byte and a CRC that matches it: what a newer build would write. */
  static byte[] resealed(byte[] sealed, int version) {
    byte[] b = sealed.clone();
    b[1] = (byte) version;
    int crc = ChunkCodec.crc(b, 0, b.length - 4);
    for (int i = 0; i < 4; i++) b[b.length - 4 + i] = (byte) (crc >>> (24 - 8 * i));
    return b;
  }

  @Test
  void truncatedChunkIsCorrupt() {
    byte[] sealed = HEX.parseHex(GOLDEN_SEALED);
    StorageException.Corrupt e = assertThrows(StorageException.Corrupt.class,
        () -> ChunkCodec.open(sealed, 0, sealed.length - 1, null));
    assertEquals("payload length does not match the buffer in XOR chunk [expected=26, found=27]", e.getMessage());
    e = assertThrows(StorageException.Corrupt.class, () -> ChunkCodec.open(sealed, 0, 3, null));
    assertEquals("sealed chunk too short [expected=at least 9 bytes, found=3]", e.getMessage());
  }

  @Test
  void trailingBytesAreCorrupt() {
    byte[] sealed = HEX.parseHex(GOLDEN_SEALED + "00");
    assertThrows(StorageException.Corrupt.class, () -> ChunkCodec.open(sealed, 0, sealed.length, null));
  }

  @Test
  void zeroSampleCountIsCorrupt() {
    byte[] bad = HEX.parseHex("0101001b" + GOLDEN_PAYLOAD + "00000000");
    StorageException.Corrupt e = assertThrows(StorageException.Corrupt.class,
        () -> ChunkCodec.open(bad, 0, bad.length, null));
    assertTrue(e.getMessage().startsWith("bad sample count in XOR chunk [expected=1.."), e.getMessage());
  }

  @Test
  void nonMinimalVarintIsCorrupt() {
    byte[] bad = HEX.parseHex("010185001b" + GOLDEN_PAYLOAD + "00000000");
    StorageException.Corrupt e = assertThrows(StorageException.Corrupt.class,
        () -> ChunkCodec.open(bad, 0, bad.length, null));
    assertTrue(e.getMessage().startsWith("varint numSamples is not minimal"), e.getMessage());
  }

  @Test
  void encodingCodesAreStable() {
    assertEquals(1, Encoding.XOR.code());
    assertEquals(2, Encoding.HISTOGRAM.code());
    assertEquals(Encoding.XOR, Encoding.of((byte) 1));
    assertEquals(Encoding.HISTOGRAM, Encoding.of((byte) 2));
    assertEquals(3, Encoding.COLD_SEGMENT.code());
    assertEquals(Encoding.COLD_SEGMENT, Encoding.of((byte) 3));
    assertThrows(StorageException.Corrupt.class, () -> Encoding.of((byte) 0));
  }

  @Test
  void sealedOverheadIsAtMostNineBytesForTypicalChunk() {
    XorChunk c = new XorChunk();
    for (int i = 0; i < 120; i++) c.append(i * 15_000L, i * 0.25);
    assertTrue(c.sizeBytes() >= 128, "payload length needs a two-byte varint");
    assertEquals(c.sizeBytes() + 9, ChunkCodec.sealedSize(c));
  }
}
