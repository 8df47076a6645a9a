package io.hearth.sharding.chunkenc;

import io.hearth.sharding.api.StorageException;

/**
 * The Gorilla value code shared by the XOR and histogram payloads: XOR of IEEE-754 bits against the
 * previous value, written in a window of meaningful bits. A window is packed in an int as
 * {@code lead << 8 | sig}; {@link #NO_WINDOW} (0) before the first non-zero XOR. Layout and encoder
 * rule: {@code docs/format/chunks.md}.
 */
final class XorValueCoder {
  static final int NO_WINDOW = 0;
  /**
   * Open a new window for a fitting XOR only when the current one is wider by more than this: the
   * 13-bit new-window header minus the 2-bit reuse prefix. Measured best on the node_exporter-like
   * shapes (2-3% smaller than always reusing, as Prometheus does).
   */
  static final int NEW_WINDOW_COST = 11;

  private XorValueCoder() {}

  /** Writes {@code xor} and returns the window now current. */
  static int write(BitWriter out, long xor, int window) {
    if (xor == 0) {
      // Unchanged value (constants, idle counters, 0/1 state metrics): one bit.
      out.writeBits(0, 1);
      return window;
    }
    int lead = Math.min(Long.numberOfLeadingZeros(xor), 31);
    int trail = Long.numberOfTrailingZeros(xor);
    int sig = 64 - lead - trail;
    if (window != NO_WINDOW) {
      int wLead = window >>> 8;
      int wSig = window & 0xff;
      int wTrail = 64 - wLead - wSig;
      if (lead >= wLead && trail >= wTrail && wSig - sig <= NEW_WINDOW_COST) {
        // Fits the current window (slowly moving gauges and counters): '10' + wSig bits.
        long bits = xor >>> wTrail;
        if (wSig <= 62) {
          out.writeBits((2L << wSig) | bits, wSig + 2);
        } else {
          out.writeBits(2, 2);
          out.writeBits(bits, wSig);
        }
        return window;
      }
    }
    out.writeBits((3L << 11) | ((long) lead << 6) | (sig & 63), 13);
    out.writeBits(xor >>> trail, sig);
    return (lead << 8) | sig;
  }

  /**
   * Reads one value code; returns the XOR and stores the window now current in
   * {@code windows[i]}.
   */
  static long read(BitReader in, int[] windows, int i) {
    if (!in.readBit()) return 0;
    int window = windows[i];
    if (!in.readBit()) {
      if (window == NO_WINDOW) throw reuseWithoutWindow(in);
      int wSig = window & 0xff;
      return in.readBits(wSig) << (64 - (window >>> 8) - wSig);
    }
    int h = (int) in.readBits(11);
    int lead = h >>> 6;
    int sig = h & 63;
    if (sig == 0) sig = 64;
    if (lead + sig > 64) throw badWindow(in, lead, sig);
    windows[i] = (lead << 8) | sig;
    return in.readBits(sig) << (64 - lead - sig);
  }

  static StorageException.Corrupt reuseWithoutWindow(BitReader in) {
    return new StorageException.Corrupt("value code reuses a window before any was set [expected=prefix 0 or 11,"
        + " found=10, bit=" + in.bitPosition() + "]");
  }

  static StorageException.Corrupt badWindow(BitReader in, int lead, int sig) {
    return new StorageException.Corrupt("value window exceeds 64 bits [expected=lead+sig <= 64, found=lead " + lead
        + " + sig " + sig + ", bit=" + in.bitPosition() + "]");
  }
}
