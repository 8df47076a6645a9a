package io.hearth.sharding.chunkenc;

import io.hearth.sharding.api.StorageException;

/**
 * The encoding of a sealed chunk, written as its first byte. The codes are stable: the enum only
 * grows, and a code once used is never reused. See {@code docs/format/chunks.md}.
 */
public enum Encoding {
  /** Float samples: timestamps delta-of-delta, values XOR of IEEE-754 bits (Gorilla). */
  XOR((byte) 1, (byte) 1),
  /** Native float histograms. */
  HISTOGRAM((byte) 2, (byte) 1),
  /** A cold segment: many sealed chunks, re-encoded and zstd-compressed ({@link ColdSegmentCodec}). */
  COLD_SEGMENT((byte) 3, (byte) 1);

  private final byte code;
  private final byte version;

  Encoding(byte code, byte version) {
    this.code = code;
    this.version = version;
  }

  /** The byte written in front of a sealed chunk. */
  public byte code() {
    return code;
  }

  /** The payload format version this build writes (and the only one it reads). */
  public byte version() {
    return version;
  }

  /** The encoding for {@code code}; raises {@link StorageException.Corrupt} for an unknown code. */
  public static Encoding of(byte code) {
    switch (code) {
      case 1: return XOR;
      case 2: return HISTOGRAM;
      case 3: return COLD_SEGMENT;
      default:
        throw new StorageException.Corrupt("unknown chunk encoding [expected=1 (XOR), 2 (HISTOGRAM) or 3"
            + " (COLD_SEGMENT), found=" + (code & 0xff) + "]");
    }
  }
}
