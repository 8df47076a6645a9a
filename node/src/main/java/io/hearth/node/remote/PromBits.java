package io.hearth.node.remote;

import java.util.Arrays;

/**
 * The bit stream of Prometheus's {@code chunkenc} chunks: bits most-significant first, byte after
 * byte, the last byte padded with zero bits, behind a fixed number of header bytes the chunk fills
 * in itself. Reusable after {@link #reset(int)}; not thread-safe.
 *
 * <p>Byte-exact with Prometheus's {@code bstream} also at the end: its byte writer always appends a
 * fresh byte after the one it fills, so a stream whose last write was a whole byte (or a multiple
 * of 8 bits) at a byte boundary ends with one empty byte, which is part of the chunk.
 */
final class PromBits {
  private byte[] buf = new byte[256];
  private int bitLen;
  /** Prometheus's bstream holds an empty last byte (its free-bit count is 8). */
  private boolean spare;

  /** Empties the stream and reserves {@code headerBytes} zero bytes in front of it. */
  void reset(int headerBytes) {
    Arrays.fill(buf, 0, Math.min(buf.length, size()), (byte) 0);
    bitLen = headerBytes * 8;
    spare = false;
  }

  byte[] array() {
    return buf;
  }

  /** Bytes in use, header included. */
  int size() {
    return ((bitLen + 7) >>> 3) + (spare ? 1 : 0);
  }

  int bitLength() {
    return bitLen;
  }

  /** Writes the low {@code n} bits of {@code v} (0..64), high bit first. */
  void bits(long v, int n) {
    if (n == 0) return;
    // Prometheus writes whole bytes first, then single bits: only whole bytes at a boundary leave a spare byte.
    spare = (n & 7) == 0 && (bitLen & 7) == 0;
    ensure(bitLen + n + 8);
    for (int left = n; left > 0; ) {
      int free = 8 - (bitLen & 7);
      int take = Math.min(free, left);
      int chunk = (int) ((v >>> (left - take)) & ((1 << take) - 1));
      buf[bitLen >>> 3] |= (byte) (chunk << (free - take));
      bitLen += take;
      left -= take;
    }
  }

  void bit(boolean one) {
    bits(one ? 1 : 0, 1);
  }

  /** Go's {@code binary.PutUvarint} bytes, each written as 8 bits. */
  void uvarint(long v) {
    while ((v & ~0x7fL) != 0) {
      bits((v & 0x7f) | 0x80, 8);
      v >>>= 7;
    }
    bits(v, 8);
  }

  /** Go's {@code binary.PutVarint} (zigzag) bytes, each written as 8 bits. */
  void varint(long v) {
    uvarint((v << 1) ^ (v >> 63));
  }

  /**
   * Prometheus's {@code putVarbitInt}: 0 as one bit, else a unary bucket prefix ({@code 10},
   * {@code 110}, ... {@code 11111111}) and the value in 3, 6, 9, 12, 18, 25, 56 or 64 bits.
   */
  void varbitInt(long v) {
    if (v == 0) {
      bit(false);
      return;
    }
    for (int i = 0; i < VARBIT_WIDTHS.length; i++) {
      int n = VARBIT_WIDTHS[i];
      if (-((1L << (n - 1)) - 1) <= v && v <= 1L << (n - 1)) {
        bits(VARBIT_PREFIX[i], i + 2);
        bits(v, n);
        return;
      }
    }
    bits(0xff, 8);
    bits(v, 64);
  }

  /** Prometheus's {@code putVarbitUint}: as {@link #varbitInt} with the unsigned ranges. */
  void varbitUint(long v) {
    if (v == 0) {
      bit(false);
      return;
    }
    for (int i = 0; i < VARBIT_WIDTHS.length; i++) {
      int n = VARBIT_WIDTHS[i];
      if (Long.compareUnsigned(v, 1L << n) < 0) {
        bits(VARBIT_PREFIX[i], i + 2);
        bits(v, n);
        return;
      }
    }
    bits(0xff, 8);
    bits(v, 64);
  }

  private static final int[] VARBIT_WIDTHS = {3, 6, 9, 12, 18, 25, 56};
  private static final int[] VARBIT_PREFIX = {0b10, 0b110, 0b1110, 0b11110, 0b111110, 0b1111110, 0b11111110};

  /** The window state before any value XOR of a chunk: leading 0xff ("none"), trailing 0. */
  static final int NO_WINDOW = 0xff << 8;

  /**
   * Prometheus's {@code xorWrite} of {@code x = bits(new) ^ bits(old)} under the window {@code
   * window} ({@code leading << 8 | trailing}); returns the window for the next value.
   */
  int xor(long x, int window) {
    if (x == 0) {
      // Unchanged value (constants, idle counters): one bit.
      bit(false);
      return window;
    }
    bit(true);
    int leading = window >>> 8;
    int trailing = window & 0xff;
    int lead = Math.min(Long.numberOfLeadingZeros(x), 31);
    int trail = Long.numberOfTrailingZeros(x);
    if (leading != 0xff && lead >= leading && trail >= trailing) {
      bit(false);
      bits(x >>> trailing, 64 - leading - trailing);
      return window;
    }
    bit(true);
    bits(lead, 5);
    int sig = 64 - lead - trail;
    bits(sig, 6); // 64 is written as 0: no XOR of 0 significant bits gets here
    bits(x >>> trail, sig);
    return lead << 8 | trail;
  }

  /** Sets a header byte. */
  void header(int index, int value) {
    buf[index] = (byte) value;
  }

  private void ensure(int bits) {
    int bytes = (bits + 7) >>> 3;
    if (bytes > buf.length) buf = Arrays.copyOf(buf, Math.max(bytes, buf.length * 2));
  }
}
