package io.hearth.sharding.chunkenc;

import java.util.Arrays;

/**
 * An append-only bit stream, most-significant bit first, over a growable {@code byte[]}.
 *
 * <p>Snapshot contract: bits once written are never changed. New bits are OR-ed into the partially
 * filled last byte (whose high, already-written bits stay as they were) or stored into bytes past
 * the end, and a full buffer is replaced by a larger copy, never modified in place. A reader that
 * captured ({@link #buffer()}, {@link #bitLength()}) under the appender's lock therefore keeps a
 * stable view while appends continue. One writer thread.
 *
 * <p>Not final: {@link XorChunk} extends it, so that an open chunk is one object, not a chunk and
 * its writer (the head touches every series' open chunk per sample: one cache line fewer).
 */
class BitWriter {
  private byte[] buf;
  private int bitLen;

  BitWriter(int initialBytes) {
    buf = new byte[Math.max(8, initialBytes)];
  }

  /** The current buffer; only the first {@code byteLength()} bytes are meaningful. */
  byte[] buffer() {
    return buf;
  }

  int bitLength() {
    return bitLen;
  }

  int byteLength() {
    return (bitLen + 7) >>> 3;
  }

  /**
   * Restores a writer over an existing stream (e.g. a sealed payload made appendable again). The
   * bytes are copied; bits after {@code bitLen} in the last byte are cleared.
   */
  void restore(byte[] src, int off, int bitLength) {
    int bytes = (bitLength + 7) >>> 3;
    if (buf.length < bytes + 8) buf = new byte[bytes + Math.max(8, bytes >>> 1)];
    else Arrays.fill(buf, (byte) 0);
    System.arraycopy(src, off, buf, 0, bytes);
    int rem = bitLength & 7;
    if (rem != 0) buf[bytes - 1] &= (byte) (0xff << (8 - rem));
    bitLen = bitLength;
  }

  /**
   * Empties the writer for reuse, keeping its buffer. Breaks the snapshot contract: only for a
   * writer whose bytes no reader holds (an encoder's scratch).
   */
  void clear() {
    Arrays.fill(buf, 0, byteLength(), (byte) 0);
    bitLen = 0;
  }

  /** Writes the low {@code n} bits of {@code v}, 1 <= n <= 64, high bit first. */
  void writeBits(long v, int n) {
    int pos = bitLen;
    int end = pos + n;
    if (((end + 7) >>> 3) > buf.length) grow((end + 7) >>> 3);
    bitLen = end;
    int i = pos >>> 3;
    int free = 8 - (pos & 7);
    if (n <= free) {
      // Common case (flag bits, unchanged values, regular intervals): fits in the current byte.
      buf[i] |= (byte) ((v & ((1L << n) - 1)) << (free - n));
      return;
    }
    n -= free;
    buf[i++] |= (byte) ((v >>> n) & ((1 << free) - 1));
    while (n >= 8) {
      n -= 8;
      buf[i++] = (byte) (v >>> n);
    }
    if (n > 0) buf[i] = (byte) (v << (8 - n));
  }

  void writeBit(boolean bit) {
    writeBits(bit ? 1 : 0, 1);
  }

  /** A uvarint, each of its bytes written as 8 bits. */
  void writeUvarint(long v) {
    while ((v & ~0x7fL) != 0) {
      writeBits((v & 0x7f) | 0x80, 8);
      v >>>= 7;
    }
    writeBits(v, 8);
  }

  /** A zigzag svarint, each of its bytes written as 8 bits. */
  void writeSvarint(long v) {
    writeUvarint((v << 1) ^ (v >> 63));
  }

  private void grow(int minBytes) {
    // A new array: readers holding the old one keep a consistent snapshot.
    buf = Arrays.copyOf(buf, Math.max(minBytes, buf.length * 2));
  }
}
