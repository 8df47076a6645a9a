package io.hearth.node.remote;

/**
 * Encodes float samples as a Prometheus {@code chunkenc} XOR chunk (encoding 1 of remote read's
 * {@code Chunk.Encoding}), byte for byte as Prometheus's {@code xorAppender} does, so any
 * Prometheus-compatible remote-read client decodes it.
 *
 * <p>Hearth's own chunk format ({@code docs/format/chunks.md}) is not byte-compatible: it has other
 * delta-of-delta buckets, a signed first delta, a different window rule and no sample-count
 * header. So remote read re-encodes from decoded samples. Layout: 2 bytes big-endian sample count,
 * then a bit stream: sample 0 as a zigzag varint timestamp and 64 raw value bits; sample 1 as a
 * uvarint time delta and the value's XOR; later samples as the delta of deltas in one of the
 * buckets {@code 0}, {@code 10}+14, {@code 110}+17, {@code 1110}+20, {@code 1111}+64 bits and the
 * value's XOR ({@code 0}: same value; {@code 10}: inside the current leading/trailing window;
 * {@code 11}: 5 bits leading zeros (at most 31), 6 bits significant length (64 written as 0), the
 * bits).
 *
 * <p>Use: {@link #reset()}, {@link #append} in strictly increasing time, then {@link #bytes()} and
 * {@link #size()}. Allocation-free once the buffer has grown; not thread-safe.
 */
public final class PromXorChunk {
  /** {@code prometheus.Chunk.Encoding.XOR}. */
  public static final int ENCODING = 1;

  private final PromBits out = new PromBits();
  private int samples;
  private long minT;
  private long t;
  private long delta;
  private long vBits;
  private int window;

  public PromXorChunk() {
    reset();
  }

  public void reset() {
    out.reset(2);
    samples = 0;
    window = PromBits.NO_WINDOW;
  }

  public int samples() {
    return samples;
  }

  public long minTime() {
    return minT;
  }

  public long maxTime() {
    return t;
  }

  /** The chunk bytes; only the first {@link #size()} are meaningful. */
  public byte[] bytes() {
    return out.array();
  }

  public int size() {
    return out.size();
  }

  public void append(long ts, double v) {
    long bits = Double.doubleToRawLongBits(v);
    if (samples == 0) {
      out.varint(ts);
      out.bits(bits, 64);
      minT = ts;
    } else if (samples == 1) {
      delta = ts - t;
      out.uvarint(delta);
      xor(bits);
    } else {
      long d = ts - t;
      long dod = d - delta;
      if (dod == 0) {
        // Regular scrapes: one bit per timestamp.
        out.bit(false);
      } else if (fits(dod, 14)) {
        out.bits(0b10, 2);
        out.bits(dod, 14);
      } else if (fits(dod, 17)) {
        out.bits(0b110, 3);
        out.bits(dod, 17);
      } else if (fits(dod, 20)) {
        out.bits(0b1110, 4);
        out.bits(dod, 20);
      } else {
        out.bits(0b1111, 4);
        out.bits(dod, 64);
      }
      delta = d;
      xor(bits);
    }
    t = ts;
    vBits = bits;
    samples++;
    out.header(0, samples >>> 8);
    out.header(1, samples);
  }

  /** Prometheus's {@code bitRange}: the asymmetric range an n-bit two's-complement field decodes to. */
  private static boolean fits(long x, int n) {
    return -((1L << (n - 1)) - 1) <= x && x <= 1L << (n - 1);
  }

  private void xor(long bits) {
    window = out.xor(bits ^ vBits, window);
  }
}
