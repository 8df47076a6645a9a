package io.hearth.sharding.chunkenc;

/**
 * The timestamp delta-of-delta code shared by the XOR and histogram payloads. Buckets, chosen for
 * millisecond timestamps scraped every 15 s to 60 s (see {@code docs/format/chunks.md}):
 * {@code 0} regular, {@code 10}+7 bits jitter, {@code 110}+17 bits a missed scrape,
 * {@code 1110}+24 bits gaps up to ~2.3 h, {@code 1111}+64 bits anything.
 */
final class DeltaOfDelta {
  private DeltaOfDelta() {}

  static void write(BitWriter out, long dod) {
    if (dod == 0) {
      // Perfectly regular scrape interval: one bit.
      out.writeBits(0, 1);
    } else if (dod >= -64 && dod <= 63) {
      // Scrape jitter of a few milliseconds.
      out.writeBits((0b10L << 7) | (dod & 0x7f), 9);
    } else if (dod >= -65536 && dod <= 65535) {
      out.writeBits((0b110L << 17) | (dod & 0x1ffff), 20);
    } else if (dod >= -8388608 && dod <= 8388607) {
      out.writeBits((0b1110L << 24) | (dod & 0xffffff), 28);
    } else {
      out.writeBits(0b1111, 4);
      out.writeBits(dod, 64);
    }
  }

  static long read(BitReader in) {
    switch (in.readUnaryPrefix(4)) {
      case 0: return 0; // regular interval
      case 1: return signExtend(in.readBits(7), 7);
      case 2: return signExtend(in.readBits(17), 17);
      case 3: return signExtend(in.readBits(24), 24);
      default: return in.readBits(64);
    }
  }

  private static long signExtend(long v, int bits) {
    return (v << (64 - bits)) >> (64 - bits);
  }
}
