package io.hearth.sharding.chunkenc;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.api.ValueType;
import java.util.Arrays;

/**
 * Decodes a HISTOGRAM payload ({@code docs/format/chunks.md}). Reusable via {@link #reset}; its
 * internal arrays grow to the widest layout seen and are then reused, so steady-state decoding
 * does not allocate. {@link #atHistogram} writes into the given object, reusing its arrays when
 * their lengths fit. Not thread-safe; one reader.
 */
public final class HistogramIterator implements SampleIterator {
  private static final FloatHistogram.CounterResetHint[] HINTS = FloatHistogram.CounterResetHint.values();

  private final BitReader in = new BitReader();
  private int numSamples;
  private int read;
  private ValueType current = ValueType.NONE;
  private long t;
  private long delta;

  private FloatHistogram.CounterResetHint hint = FloatHistogram.CounterResetHint.UNKNOWN;
  private int schema;
  private long zeroThresholdBits;
  private int[] positiveSpans = new int[8];
  private int positiveSpanInts;
  private int[] negativeSpans = new int[8];
  private int negativeSpanInts;
  private long[] customBits = new long[0];
  private int customCount;
  private int positiveBuckets;
  private int negativeBuckets;

  private long[] values = new long[HistogramChunk.FIXED_FIELDS + 16];
  private int[] windows = new int[HistogramChunk.FIXED_FIELDS + 16];

  /** Positions this iterator before the first of {@code numSamples} samples in {@code buf[off, off + len)}. */
  public HistogramIterator reset(byte[] buf, int off, int len, int numSamples) {
    in.reset(buf, off, len);
    this.numSamples = numSamples;
    this.read = 0;
    this.current = ValueType.NONE;
    this.t = 0;
    this.delta = 0;
    Arrays.fill(values, 0, HistogramChunk.FIXED_FIELDS, 0L);
    Arrays.fill(windows, 0, HistogramChunk.FIXED_FIELDS, 0);
    return this;
  }

  @Override
  public ValueType next() {
    int r = read;
    if (r >= numSamples) return current = ValueType.NONE;
    if (r >= 2) {
      delta += DeltaOfDelta.read(in);
      t += delta;
    } else if (r == 1) {
      delta = in.readUvarint();
      t += delta;
    } else {
      t = in.readSvarint();
    }
    if (in.readBit()) {
      readLayout();
    } else if (r == 0) {
      throw new StorageException.Corrupt("first histogram sample lacks a layout [expected=layout flag 1, found=0]");
    }
    int slots = HistogramChunk.FIXED_FIELDS + positiveBuckets + negativeBuckets;
    for (int i = 0; i < slots; i++) values[i] ^= XorValueCoder.read(in, windows, i);
    read = r + 1;
    return current = ValueType.HISTOGRAM;
  }

  private void readLayout() {
    hint = HINTS[(int) in.readBits(2)];
    schema = (int) in.readSvarint();
    zeroThresholdBits = in.readBits(64);
    positiveSpanInts = readSpans(true);
    positiveBuckets = bucketCount(positiveSpans, positiveSpanInts);
    negativeSpanInts = readSpans(false);
    negativeBuckets = bucketCount(negativeSpans, negativeSpanInts);
    if (positiveBuckets + negativeBuckets > HistogramChunk.MAX_BUCKETS) throw tooMany("buckets", positiveBuckets + negativeBuckets);
    customCount = count("custom bounds");
    if (customBits.length < customCount) customBits = new long[customCount];
    for (int i = 0; i < customCount; i++) customBits[i] = in.readBits(64);

    int slots = HistogramChunk.FIXED_FIELDS + positiveBuckets + negativeBuckets;
    if (values.length < slots) {
      values = Arrays.copyOf(values, Math.max(slots, values.length * 2));
      windows = Arrays.copyOf(windows, values.length);
    }
    // Bucket predecessors restart at 0.0 with no window.
    Arrays.fill(values, HistogramChunk.FIXED_FIELDS, slots, 0L);
    Arrays.fill(windows, HistogramChunk.FIXED_FIELDS, slots, 0);
  }

  private int readSpans(boolean positive) {
    int n = count("spans");
    int ints = 2 * n;
    int[] spans = positive ? positiveSpans : negativeSpans;
    if (spans.length < ints) {
      spans = new int[Math.max(ints, spans.length * 2)];
      if (positive) positiveSpans = spans;
      else negativeSpans = spans;
    }
    for (int i = 0; i < ints; i += 2) {
      long off = in.readSvarint();
      long len = in.readUvarint();
      if (off != (int) off || len > HistogramChunk.MAX_BUCKETS) {
        throw new StorageException.Corrupt("histogram span out of range [expected=int offset and length <= "
            + HistogramChunk.MAX_BUCKETS + ", found=offset " + off + " length " + Long.toUnsignedString(len) + "]");
      }
      spans[i] = (int) off;
      spans[i + 1] = (int) len;
    }
    return ints;
  }

  private int count(String what) {
    long n = in.readUvarint();
    if (n < 0 || n > HistogramChunk.MAX_BUCKETS) throw tooMany(what, n);
    return (int) n;
  }

  private static int bucketCount(int[] spans, int ints) {
    long total = 0;
    for (int i = 1; i < ints; i += 2) total += spans[i];
    if (total > HistogramChunk.MAX_BUCKETS) throw tooMany("buckets", total);
    return (int) total;
  }

  private static StorageException.Corrupt tooMany(String what, long n) {
    return new StorageException.Corrupt("histogram layout announces too many " + what + " [expected=at most "
        + HistogramChunk.MAX_BUCKETS + ", found=" + Long.toUnsignedString(n) + "]");
  }

  @Override
  public ValueType seek(long target) {
    if (current == ValueType.HISTOGRAM && t >= target) return current;
    if (current == ValueType.NONE && read > 0) return ValueType.NONE;
    while (next() == ValueType.HISTOGRAM) {
      if (t >= target) return ValueType.HISTOGRAM;
    }
    return ValueType.NONE;
  }

  @Override
  public long atT() {
    return t;
  }

  @Override
  public double atV() {
    throw new IllegalStateException("histogram chunk holds histograms, not float samples");
  }

  @Override
  public FloatHistogram atHistogram(FloatHistogram reuse) {
    FloatHistogram h = reuse != null ? reuse : new FloatHistogram();
    h.counterResetHint = hint;
    h.schema = schema;
    h.zeroThreshold = Double.longBitsToDouble(zeroThresholdBits);
    h.count = Double.longBitsToDouble(values[0]);
    h.sum = Double.longBitsToDouble(values[1]);
    h.zeroCount = Double.longBitsToDouble(values[2]);
    h.positiveSpans = copy(positiveSpans, positiveSpanInts, h.positiveSpans);
    h.negativeSpans = copy(negativeSpans, negativeSpanInts, h.negativeSpans);
    h.positiveBuckets = doubles(HistogramChunk.FIXED_FIELDS, positiveBuckets, h.positiveBuckets);
    h.negativeBuckets = doubles(HistogramChunk.FIXED_FIELDS + positiveBuckets, negativeBuckets, h.negativeBuckets);
    double[] custom = h.customValues.length == customCount ? h.customValues : new double[customCount];
    for (int i = 0; i < customCount; i++) custom[i] = Double.longBitsToDouble(customBits[i]);
    h.customValues = custom;
    return h;
  }

  private static int[] copy(int[] src, int n, int[] dst) {
    if (dst.length != n) dst = new int[n];
    System.arraycopy(src, 0, dst, 0, n);
    return dst;
  }

  private double[] doubles(int from, int n, double[] dst) {
    if (dst.length != n) dst = new double[n];
    for (int i = 0; i < n; i++) dst[i] = Double.longBitsToDouble(values[from + i]);
    return dst;
  }

  public int numSamples() {
    return numSamples;
  }
}
