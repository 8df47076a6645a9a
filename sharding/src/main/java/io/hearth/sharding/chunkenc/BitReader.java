package io.hearth.sharding.chunkenc;

import io.hearth.sharding.api.StorageException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads a most-significant-bit-first stream through a 64-bit register: the register holds the
 * next {@code avail} bits left-aligned and is refilled from the byte at the current position with
 * one 8-byte big-endian load (at least 57 fresh bits), so a typical sample costs one refill per
 * several samples. Reusable via {@link #reset}; never allocates except to report corruption.
 */
final class BitReader {
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private byte[] buf;
  private int off;
  private int end;
  /** Position of the next unread bit, relative to {@code off}. */
  private int bitPos;
  private long reg;
  private int avail;

  void reset(byte[] buf, int off, int len) {
    this.buf = buf;
    this.off = off;
    this.end = off + len;
    this.bitPos = 0;
    this.reg = 0;
    this.avail = 0;
  }

  /** Bits consumed so far. */
  int bitPosition() {
    return bitPos;
  }

  private void refill() {
    int i = off + (bitPos >>> 3);
    int skip = bitPos & 7;
    if (i + 8 <= end) {
      reg = ((long) LONG_BE.get(buf, i)) << skip;
      avail = 64 - skip;
      return;
    }
    // Tail of the stream: fewer than 8 bytes left, load them one by one.
    long w = 0;
    int loaded = 0;
    for (; i < end && loaded < 8; i++, loaded++) w |= (buf[i] & 0xffL) << (56 - 8 * loaded);
    reg = w << skip;
    avail = Math.max(0, loaded * 8 - skip);
  }

  /** Reads {@code n} bits, 1 <= n <= 64, as the low bits of the result. */
  long readBits(int n) {
    if (n > 56) {
      long hi = readBits(n - 32);
      return (hi << 32) | readBits(32);
    }
    if (avail < n) {
      refill();
      if (avail < n) throw endsEarly(n);
    }
    long v = reg >>> (64 - n);
    reg <<= n;
    avail -= n;
    bitPos += n;
    return v;
  }

  /**
   * Consumes the next two bits if both are zero and already in the register; otherwise consumes
   * nothing and returns false. The XOR decoder's fast path: regular interval and unchanged value.
   */
  boolean skipTwoZeroBits() {
    if (avail >= 2 && (reg >>> 62) == 0) {
      reg <<= 2;
      avail -= 2;
      bitPos += 2;
      return true;
    }
    return false;
  }

  boolean readBit() {
    if (avail == 0) {
      refill();
      if (avail == 0) throw endsEarly(1);
    }
    boolean b = reg < 0;
    reg <<= 1;
    avail--;
    bitPos++;
    return b;
  }

  /**
   * Reads a prefix code of up to {@code max} one-bits ended by a zero bit, returning the number of
   * one-bits (the terminating zero is consumed; no zero follows {@code max} ones).
   */
  int readUnaryPrefix(int max) {
    if (avail < max) refill();
    int ones = Math.min(Long.numberOfLeadingZeros(~reg), max);
    int used = ones == max ? max : ones + 1;
    if (avail < used) throw endsEarly(used);
    reg <<= used;
    avail -= used;
    bitPos += used;
    return ones;
  }

  long readUvarint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      long b = readBits(8);
      v |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    throw new StorageException.Corrupt("varint in bit stream is too long [expected=at most 10 bytes, found=more, bit="
        + bitPos + "]");
  }

  long readSvarint() {
    long u = readUvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  private StorageException.Corrupt endsEarly(int wanted) {
    return new StorageException.Corrupt("chunk bit stream ends early [expected=" + wanted + " more bits at bit="
        + bitPos + ", found=" + Math.max(0, (end - off) * 8 - bitPos) + ", stream length=" + (end - off) + " bytes]");
  }
}
