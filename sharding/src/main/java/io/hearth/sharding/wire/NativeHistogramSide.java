package io.hearth.sharding.wire;

import java.util.Arrays;

/**
 * One side (positive or negative) of a native histogram as Prometheus's protobuf messages carry it,
 * in remote write's {@code prometheus.Histogram} and in the exposition format's {@code
 * io.prometheus.client.Histogram} alike: spans of consecutive buckets ({@code offset, length}
 * pairs), and the buckets either as integer deltas (each bucket's count minus the one before it) or
 * as absolute float counts. A decoder reads the fields with its own protobuf reader and hands the
 * values here in wire order; this class turns them into the arrays of a {@link
 * io.hearth.sharding.api.FloatHistogram} and checks that spans and buckets agree.
 *
 * <p>Reusable: {@link #clear()} before each message; the internal arrays grow and are kept. Not
 * thread-safe.
 */
public final class NativeHistogramSide {
  private static final int[] NO_INTS = new int[0];
  private static final double[] NO_DOUBLES = new double[0];

  private int[] spans = new int[8];
  private int spanN;
  private long[] deltas = new long[16];
  private int deltaN;
  private double[] counts = new double[16];
  private int countN;

  /** Forgets the spans and buckets read so far. */
  public void clear() {
    spanN = 0;
    deltaN = 0;
    countN = 0;
  }

  /** Appends a span: {@code offset} buckets after the previous span's end, {@code length} buckets long. */
  public void addSpan(int offset, int length) {
    if (spanN + 2 > spans.length) {
      spans = Arrays.copyOf(spans, spans.length * 2);
    }
    spans[spanN++] = offset;
    spans[spanN++] = length;
  }

  /** Appends an integer bucket as its delta to the bucket before it. */
  public void addDelta(long delta) {
    if (deltaN == deltas.length) {
      deltas = Arrays.copyOf(deltas, deltaN * 2);
    }
    deltas[deltaN++] = delta;
  }

  /** Appends a float bucket's count. */
  public void addCount(double count) {
    if (countN == counts.length) {
      counts = Arrays.copyOf(counts, countN * 2);
    }
    counts[countN++] = count;
  }

  /**
   * The spans as {@code offset, length} pairs: in {@code reuse} when its length fits exactly, else
   * in a new array (a shared empty one when there are none).
   */
  public int[] spans(int[] reuse) {
    if (spanN == 0) {
      return reuse.length == 0 ? reuse : NO_INTS;
    }
    int[] dst = reuse.length == spanN ? reuse : new int[spanN];
    System.arraycopy(spans, 0, dst, 0, spanN);
    return dst;
  }

  /**
   * The integer buckets made absolute: the deltas summed as 64-bit integers (wrapping as Go's do),
   * each sum then widened to a double. Array reuse as in {@link #spans}.
   */
  public double[] absoluteDeltas(double[] reuse) {
    if (deltaN == 0) {
      return reuse.length == 0 ? reuse : NO_DOUBLES;
    }
    double[] dst = reuse.length == deltaN ? reuse : new double[deltaN];
    long cur = 0;
    for (int i = 0; i < deltaN; i++) {
      cur += deltas[i];
      dst[i] = cur;
    }
    return dst;
  }

  /** The float buckets as given. Array reuse as in {@link #spans}. */
  public double[] counts(double[] reuse) {
    if (countN == 0) {
      return reuse.length == 0 ? reuse : NO_DOUBLES;
    }
    double[] dst = reuse.length == countN ? reuse : new double[countN];
    System.arraycopy(counts, 0, dst, 0, countN);
    return dst;
  }

  /**
   * Whether {@code spans} (pairs; lengths read as unsigned 32-bit, as Prometheus's {@code uint32})
   * cover exactly {@code buckets} buckets, as Prometheus's {@code histogram.Validate} checks first:
   * null when they do, else Prometheus's message, which the caller prefixes with the side.
   */
  public static String checkSpans(int[] spans, int buckets) {
    long need = 0;
    for (int i = 1; i < spans.length; i += 2) {
      need += Integer.toUnsignedLong(spans[i]);
    }
    if (need != buckets) {
      return "spans need " + need + " buckets, have " + buckets
          + " buckets: histogram spans specify different number of buckets than provided";
    }
    return null;
  }
}
