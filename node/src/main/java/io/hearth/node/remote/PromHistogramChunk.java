package io.hearth.node.remote;

import io.hearth.sharding.api.FloatHistogram;
import java.util.Arrays;

/**
 * Encodes native histogram samples as a Prometheus {@code chunkenc} histogram chunk: the integer
 * {@code HISTOGRAM} encoding (2, Prometheus 2.40+) when every count of the chunk's first sample is
 * a whole number, else the {@code FLOAT_HISTOGRAM} encoding (3, Prometheus 2.44+). One chunk has
 * one bucket layout (schema, zero threshold, spans, custom bounds): {@link #fits} says whether a
 * sample can join, and the caller cuts a new chunk when it cannot.
 *
 * <p>Layout: 2 bytes big-endian sample count, 1 header byte (counter reset: {@code 0x80} reset,
 * {@code 0x40} not a reset, {@code 0xc0} gauge, 0 unknown), then a bit stream: the layout (zero
 * threshold as one byte for a power of two in [2^-243, 2^10] or 255 and 64 bits; schema as varbit
 * int; positive then negative spans as a varbit-uint count and (length, offset) pairs; custom
 * bounds for schema -53), then per sample: integer encoding: time, count, zero count as varbit
 * (value, delta, then delta of delta), the sum as 64 bits then XOR, each bucket's delta from the
 * previous bucket as varbit (value, delta, delta of delta across samples); float encoding: time as
 * varbit (value, delta, delta of delta), every float (count, zero count, sum, buckets) as 64 bits
 * then XOR each with its own window. Buckets are written as Prometheus keeps them: integer
 * counts as deltas between neighbouring buckets, float counts absolute.
 *
 * <p>A counter histogram whose count or any bucket goes down, or that is hinted as a reset, does
 * not fit: readers take every sample after a chunk's first as "no reset", so a reset must start a
 * chunk (whose header then says reset). Reusable after {@link #reset()}; not thread-safe.
 */
public final class PromHistogramChunk {
  public static final int HISTOGRAM = 2;
  public static final int FLOAT_HISTOGRAM = 3;
  private static final double MAX_EXACT = 9007199254740992.0; // 2^53

  private final PromBits out = new PromBits();
  private final FloatHistogram first = new FloatHistogram();
  private int samples;
  private boolean integer;
  private long minT;
  private long t;
  private long tDelta;
  // integer encoding state
  private long cnt;
  private long zCnt;
  private long cntDelta;
  private long zCntDelta;
  private long sumBits;
  private int sumWindow;
  private long[] buckets = new long[0];
  private long[] bucketDeltas = new long[0];
  // float encoding state: count, zero count, sum, then the buckets
  private long[] values = new long[0];
  private int[] windows = new int[0];
  private double[] lastPositive = new double[0];
  private double[] lastNegative = new double[0];
  private double lastCount;

  public PromHistogramChunk() {
    reset();
  }

  public void reset() {
    out.reset(3);
    samples = 0;
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

  /** {@link #HISTOGRAM} or {@link #FLOAT_HISTOGRAM}, known after the first sample. */
  public int encoding() {
    return integer ? HISTOGRAM : FLOAT_HISTOGRAM;
  }

  public byte[] bytes() {
    return out.array();
  }

  public int size() {
    return out.size();
  }

  /** Whether {@code h} can be appended to this chunk (always, when it is empty). */
  public boolean fits(FloatHistogram h) {
    if (samples == 0) return true;
    if (h.schema != first.schema || Double.compare(h.zeroThreshold, first.zeroThreshold) != 0
        || !Arrays.equals(h.positiveSpans, first.positiveSpans) || !Arrays.equals(h.negativeSpans, first.negativeSpans)
        || !Arrays.equals(h.customValues, first.customValues)) {
      return false;
    }
    boolean gauge = h.counterResetHint == FloatHistogram.CounterResetHint.GAUGE;
    if (gauge != (first.counterResetHint == FloatHistogram.CounterResetHint.GAUGE)) return false;
    if (!gauge && !stale(h) && (h.counterResetHint == FloatHistogram.CounterResetHint.COUNTER_RESET || wentDown(h))) return false;
    return !integer || whole(h);
  }

  /**
   * Whether {@code h} is a counter reset against this chunk's last sample (its count or a bucket
   * went down), so that the chunk it starts should say so in its header.
   */
  public boolean resets(FloatHistogram h) {
    return samples > 0 && h.counterResetHint != FloatHistogram.CounterResetHint.GAUGE && !stale(h) && wentDown(h);
  }

  public void append(long ts, FloatHistogram h) {
    if (samples == 0) {
      h.copyInto(first);
      integer = whole(h);
      out.header(2, header(h));
      layout(h);
      if (integer) firstInteger(ts, h);
      else firstFloat(ts, h);
      minT = ts;
    } else if (integer) {
      nextInteger(ts, h);
    } else {
      nextFloat(ts, h);
    }
    if (!stale(h)) {
      lastCount = h.count;
      lastPositive = copy(h.positiveBuckets, lastPositive);
      lastNegative = copy(h.negativeBuckets, lastNegative);
    }
    t = ts;
    samples++;
    out.header(0, samples >>> 8);
    out.header(1, samples);
  }

  private static int header(FloatHistogram h) {
    return switch (h.counterResetHint) {
      case COUNTER_RESET -> 0x80;
      case NOT_COUNTER_RESET -> 0x40;
      case GAUGE -> 0xc0;
      case UNKNOWN -> 0;
    };
  }

  private void layout(FloatHistogram h) {
    zeroThreshold(h.zeroThreshold);
    out.varbitInt(h.schema);
    spans(h.positiveSpans);
    spans(h.negativeSpans);
    if (h.schema == FloatHistogram.CUSTOM_BUCKETS_SCHEMA) customBounds(h.customValues);
  }

  private void zeroThreshold(double z) {
    if (z == 0) {
      out.bits(0, 8);
      return;
    }
    int exp = Math.getExponent(z) + 1; // Go's Frexp exponent: z = 0.5 * 2^exp for a power of two
    boolean powerOfTwo = z > 0 && Math.getExponent(z) >= Double.MIN_EXPONENT
        && (Double.doubleToRawLongBits(z) & 0xfffffffffffffL) == 0;
    if (!powerOfTwo || exp < -242 || exp > 11) {
      out.bits(255, 8);
      out.bits(Double.doubleToRawLongBits(z), 64);
      return;
    }
    out.bits(exp + 243, 8);
  }

  private void spans(int[] spans) {
    out.varbitUint(spans.length / 2);
    for (int i = 0; i + 1 < spans.length; i += 2) {
      out.varbitUint(Integer.toUnsignedLong(spans[i + 1]));
      out.varbitInt(spans[i]);
    }
  }

  /**
   * Custom bucket bounds (schema -53): a count, then each bound as Prometheus's {@code
   * putCustomBound}: a bound whose thousandfold is whole and within [0, 33554430] as varbit uint of
   * that plus one, anything else as a 0 bit and its 64 bits.
   */
  private void customBounds(double[] bounds) {
    out.varbitUint(bounds.length);
    for (double f : bounds) {
      double tf = f * 1000;
      if (tf < 0 || tf > 33554430 || Math.round(f * 1000) / 1000.0 != f) {
        out.bit(false);
        out.bits(Double.doubleToRawLongBits(f), 64);
      } else {
        out.varbitUint(Math.round(tf) + 1);
      }
    }
  }

  private void firstInteger(long ts, FloatHistogram h) {
    out.varbitInt(ts);
    cnt = (long) h.count;
    zCnt = (long) h.zeroCount;
    out.varbitUint(cnt);
    out.varbitUint(zCnt);
    sumBits = Double.doubleToRawLongBits(h.sum);
    out.bits(sumBits, 64);
    sumWindow = PromBits.NO_WINDOW;
    int n = h.positiveBuckets.length + h.negativeBuckets.length;
    if (buckets.length < n) {
      buckets = new long[n];
      bucketDeltas = new long[n];
    }
    int k = 0;
    k = firstDeltas(h.positiveBuckets, k);
    firstDeltas(h.negativeBuckets, k);
  }

  private int firstDeltas(double[] absolute, int k) {
    long prev = 0;
    for (double b : absolute) {
      long v = (long) b;
      long d = v - prev; // Prometheus keeps integer buckets as deltas between neighbours
      prev = v;
      out.varbitInt(d);
      buckets[k++] = d;
    }
    return k;
  }

  private void nextInteger(long ts, FloatHistogram h) {
    boolean stale = stale(h);
    long d = ts - t;
    long c = stale ? cnt : (long) h.count;
    long z = stale ? zCnt : (long) h.zeroCount;
    long cd = stale ? 0 : c - cnt;
    long zd = stale ? 0 : z - zCnt;
    if (samples == 1) {
      out.varbitInt(d);
      out.varbitInt(cd);
      out.varbitInt(zd);
    } else {
      out.varbitInt(d - tDelta);
      out.varbitInt(stale ? 0 : cd - cntDelta);
      out.varbitInt(stale ? 0 : zd - zCntDelta);
    }
    tDelta = d;
    cntDelta = cd;
    zCntDelta = zd;
    cnt = c;
    zCnt = z;
    long s = Double.doubleToRawLongBits(h.sum);
    sumWindow = out.xor(s ^ sumBits, sumWindow);
    sumBits = s;
    int k = nextDeltas(h.positiveBuckets, 0);
    nextDeltas(h.negativeBuckets, k);
  }

  private int nextDeltas(double[] absolute, int k) {
    long prev = 0;
    for (double b : absolute) {
      long v = (long) b;
      long bucket = v - prev;
      prev = v;
      long delta = bucket - buckets[k];
      out.varbitInt(samples == 1 ? delta : delta - bucketDeltas[k]);
      bucketDeltas[k] = delta;
      buckets[k++] = bucket;
    }
    return k;
  }

  private void firstFloat(long ts, FloatHistogram h) {
    out.varbitInt(ts);
    int n = 3 + h.positiveBuckets.length + h.negativeBuckets.length;
    if (values.length < n) {
      values = new long[n];
      windows = new int[n];
    }
    int k = 0;
    values[k++] = Double.doubleToRawLongBits(h.count);
    values[k++] = Double.doubleToRawLongBits(h.zeroCount);
    values[k++] = Double.doubleToRawLongBits(h.sum);
    for (double b : h.positiveBuckets) values[k++] = Double.doubleToRawLongBits(b);
    for (double b : h.negativeBuckets) values[k++] = Double.doubleToRawLongBits(b);
    for (int i = 0; i < k; i++) {
      out.bits(values[i], 64);
      windows[i] = PromBits.NO_WINDOW;
    }
  }

  private void nextFloat(long ts, FloatHistogram h) {
    long d = ts - t;
    out.varbitInt(samples == 1 ? d : d - tDelta);
    tDelta = d;
    int k = 0;
    k = xorValue(k, h.count);
    k = xorValue(k, h.zeroCount);
    k = xorValue(k, h.sum);
    for (double b : h.positiveBuckets) k = xorValue(k, b);
    for (double b : h.negativeBuckets) k = xorValue(k, b);
  }

  private int xorValue(int k, double v) {
    long bits = Double.doubleToRawLongBits(v);
    windows[k] = out.xor(bits ^ values[k], windows[k]);
    values[k] = bits;
    return k + 1;
  }

  private static boolean stale(FloatHistogram h) {
    return io.hearth.sharding.api.StaleNaN.is(h.sum);
  }

  private boolean wentDown(FloatHistogram h) {
    if (h.count < lastCount) return true;
    for (int i = 0; i < h.positiveBuckets.length && i < lastPositive.length; i++) {
      if (h.positiveBuckets[i] < lastPositive[i]) return true;
    }
    for (int i = 0; i < h.negativeBuckets.length && i < lastNegative.length; i++) {
      if (h.negativeBuckets[i] < lastNegative[i]) return true;
    }
    return false;
  }

  private static boolean whole(FloatHistogram h) {
    if (stale(h)) return true;
    if (!wholeCount(h.count) || !wholeCount(h.zeroCount)) return false;
    for (double b : h.positiveBuckets) if (!wholeCount(b)) return false;
    for (double b : h.negativeBuckets) if (!wholeCount(b)) return false;
    return true;
  }

  private static boolean wholeCount(double v) {
    return v >= 0 && v < MAX_EXACT && v == Math.rint(v);
  }

  private static double[] copy(double[] src, double[] dst) {
    if (dst.length != src.length) dst = new double[src.length];
    System.arraycopy(src, 0, dst, 0, src.length);
    return dst;
  }
}
