package io.hearth.sharding.chunkenc;

import io.hearth.sharding.api.FloatHistogram;
import java.util.Arrays;

/**
 * An appendable chunk of native histogram samples ({@link FloatHistogram}). Timestamps use the
 * XOR chunk's delta of delta; the layout (reset hint, schema, zero threshold, spans, custom
 * bounds) is written only when it changes; count, sum, zero count and every bucket are XOR-coded
 * against the same field of the previous sample. Round-trips bit-exact. Byte layout:
 * {@code docs/format/chunks.md}, "HISTOGRAM payload".
 *
 * <p>Threading as {@link XorChunk}: one appender, any number of snapshot iterators, with
 * {@code append} ordered before {@code iterator} by the caller.
 */
public final class HistogramChunk {
  /** A layout announcing more buckets (or spans, or custom bounds) than this is rejected. */
  static final int MAX_BUCKETS = 1_000_000;
  /** Value slots before the buckets: count, sum, zero count. */
  static final int FIXED_FIELDS = 3;

  private static final int[] NO_INTS = new int[0];
  private static final long[] NO_LONGS = new long[0];

  private final BitWriter out = new BitWriter(256);
  private int numSamples;
  private long minTime = Long.MAX_VALUE;
  private long maxTime = Long.MIN_VALUE;
  private long lastDelta;

  // Layout of the previous sample.
  private FloatHistogram.CounterResetHint hint;
  private int schema;
  private long zeroThresholdBits;
  private int[] positiveSpans = NO_INTS;
  private int[] negativeSpans = NO_INTS;
  private long[] customBits = NO_LONGS;

  // Raw bits of the previous sample's values and their XOR windows: count, sum, zeroCount, buckets.
  private long[] prev = new long[FIXED_FIELDS];
  private int[] windows = new int[FIXED_FIELDS];

  /**
   * Appends a histogram sample (copied; {@code h} stays the caller's). {@code t} must be greater
   * than every timestamp before; spans must match the bucket arrays. Violations raise
   * {@link IllegalArgumentException} and leave the chunk unchanged.
   */
  public void append(long t, FloatHistogram h) {
    if (numSamples > 0 && t <= maxTime) {
      throw new IllegalArgumentException("out of order sample [t=" + t + ", last=" + maxTime + "]");
    }
    checkSpans("positive", h.positiveSpans, h.positiveBuckets.length);
    checkSpans("negative", h.negativeSpans, h.negativeBuckets.length);
    if (h.customValues.length > MAX_BUCKETS) {
      throw new IllegalArgumentException("too many custom bucket bounds [max=" + MAX_BUCKETS + ", found="
          + h.customValues.length + "]");
    }

    int n = numSamples;
    if (n >= 2) {
      long delta = t - maxTime;
      DeltaOfDelta.write(out, delta - lastDelta);
      lastDelta = delta;
    } else if (n == 1) {
      lastDelta = t - maxTime;
      out.writeUvarint(lastDelta);
    } else {
      out.writeSvarint(t);
      minTime = t;
    }

    if (n > 0 && sameLayout(h)) {
      // Common case: the same buckets as the previous sample.
      out.writeBits(0, 1);
    } else {
      out.writeBits(1, 1);
      writeLayout(h);
    }

    int i = 0;
    i = put(i, h.count);
    i = put(i, h.sum);
    i = put(i, h.zeroCount);
    for (double b : h.positiveBuckets) i = put(i, b);
    for (double b : h.negativeBuckets) i = put(i, b);

    maxTime = t;
    numSamples = n + 1;
  }

  private int put(int i, double v) {
    long bits = Double.doubleToRawLongBits(v);
    windows[i] = XorValueCoder.write(out, bits ^ prev[i], windows[i]);
    prev[i] = bits;
    return i + 1;
  }

  private boolean sameLayout(FloatHistogram h) {
    if (h.counterResetHint != hint || h.schema != schema
        || Double.doubleToRawLongBits(h.zeroThreshold) != zeroThresholdBits
        || !Arrays.equals(h.positiveSpans, positiveSpans) || !Arrays.equals(h.negativeSpans, negativeSpans)
        || h.customValues.length != customBits.length) {
      return false;
    }
    for (int i = 0; i < customBits.length; i++) {
      if (Double.doubleToRawLongBits(h.customValues[i]) != customBits[i]) return false;
    }
    return true;
  }

  private void writeLayout(FloatHistogram h) {
    hint = h.counterResetHint;
    schema = h.schema;
    zeroThresholdBits = Double.doubleToRawLongBits(h.zeroThreshold);
    positiveSpans = h.positiveSpans.clone();
    negativeSpans = h.negativeSpans.clone();
    customBits = new long[h.customValues.length];
    for (int i = 0; i < customBits.length; i++) customBits[i] = Double.doubleToRawLongBits(h.customValues[i]);

    out.writeBits(hint.ordinal(), 2);
    out.writeSvarint(schema);
    out.writeBits(zeroThresholdBits, 64);
    writeSpans(positiveSpans);
    writeSpans(negativeSpans);
    out.writeUvarint(customBits.length);
    for (long c : customBits) out.writeBits(c, 64);

    // Bucket predecessors restart at 0.0 with no window; count, sum and zero count keep theirs.
    int slots = FIXED_FIELDS + h.positiveBuckets.length + h.negativeBuckets.length;
    long[] p = new long[slots];
    int[] w = new int[slots];
    System.arraycopy(prev, 0, p, 0, FIXED_FIELDS);
    System.arraycopy(windows, 0, w, 0, FIXED_FIELDS);
    prev = p;
    windows = w;
  }

  private void writeSpans(int[] spans) {
    out.writeUvarint(spans.length / 2);
    for (int i = 0; i < spans.length; i += 2) {
      out.writeSvarint(spans[i]);
      out.writeUvarint(spans[i + 1]);
    }
  }

  private static void checkSpans(String side, int[] spans, int buckets) {
    if ((spans.length & 1) != 0) {
      throw new IllegalArgumentException(side + " spans must be (offset, length) pairs [found=" + spans.length
          + " ints]");
    }
    long total = 0;
    for (int i = 1; i < spans.length; i += 2) {
      if (spans[i] < 0) {
        throw new IllegalArgumentException(side + " span length must not be negative [span=" + i / 2 + ", found="
            + spans[i] + "]");
      }
      total += spans[i];
    }
    if (total != buckets) {
      throw new IllegalArgumentException(side + " spans do not match buckets [spans cover=" + total + ", buckets="
          + buckets + "]");
    }
    if (total > MAX_BUCKETS) {
      throw new IllegalArgumentException("too many " + side + " buckets [max=" + MAX_BUCKETS + ", found=" + total
          + "]");
    }
  }

  public int numSamples() {
    return numSamples;
  }

  /** First timestamp; {@link Long#MAX_VALUE} while empty. */
  public long minTime() {
    return minTime;
  }

  /** Last timestamp; {@link Long#MIN_VALUE} while empty. */
  public long maxTime() {
    return maxTime;
  }

  public int sizeBytes() {
    return out.byteLength();
  }

  /** A fresh copy of the encoded payload ({@link #sizeBytes()} bytes). */
  public byte[] bytes() {
    return Arrays.copyOf(out.buffer(), out.byteLength());
  }

  /** A snapshot iterator over the samples appended so far, reusing {@code reuse} when not null. */
  public HistogramIterator iterator(HistogramIterator reuse) {
    HistogramIterator it = reuse != null ? reuse : new HistogramIterator();
    return it.reset(out.buffer(), 0, out.byteLength(), numSamples);
  }

  byte[] buffer() {
    return out.buffer();
  }
}
