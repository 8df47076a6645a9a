package io.hearth.node.remote;

import static io.hearth.node.remote.ProtoReader.FIXED64;
import static io.hearth.node.remote.ProtoReader.LEN;
import static io.hearth.node.remote.ProtoReader.VARINT;

import io.hearth.sharding.api.FloatHistogram;
import java.util.Arrays;

/**
 * Decodes a native histogram message (identical in 1.0 {@code prometheus.Histogram} and 2.0 {@code
 * io.prometheus.write.v2.Histogram}) into one reused {@link FloatHistogram}.
 *
 * <p>As Prometheus's {@code ToFloatHistogram}: a histogram is a float histogram when its {@code
 * count} oneof holds {@code count_float}; otherwise it is an integer histogram whose {@code
 * *_deltas} are made absolute (summed as integers, then widened). Each kind reads only its own
 * bucket field ({@code *_counts} or {@code *_deltas}) and zero-count member; a oneof seen twice keeps
 * the last. Packed and unpacked repeated encodings are both read. Schema -53 (custom buckets) keeps
 * {@code custom_values}. Arrays of the reused instance are kept when their length fits exactly.
 */
final class HistogramDecoder {
  private static final int NONE = 0;
  private static final int INT = 1;
  private static final int FLOAT = 2;
  private static final int[] NO_INTS = new int[0];
  private static final double[] NO_DOUBLES = new double[0];

  final FloatHistogram h = new FloatHistogram();
  long timestamp;

  private int countKind;
  private long countInt;
  private double countFloat;
  private int zeroKind;
  private long zeroInt;
  private double zeroFloat;
  private int resetHint;
  private final Side pos = new Side();
  private final Side neg = new Side();
  private double[] custom = new double[8];
  private int customN;

  /** Reads the message the reader's limit encloses. */
  void decode(ProtoReader r) {
    countKind = NONE;
    zeroKind = NONE;
    resetHint = 0;
    timestamp = 0;
    customN = 0;
    pos.clear();
    neg.clear();
    h.sum = 0;
    h.schema = 0;
    h.zeroThreshold = 0;
    while (r.more()) {
      int field = r.readTag("Histogram");
      switch (field) {
        case 1:
          r.expect(VARINT, "CountInt");
          countInt = r.readVarint();
          countKind = INT;
          break;
        case 2:
          r.expect(FIXED64, "CountFloat");
          countFloat = r.readDouble();
          countKind = FLOAT;
          break;
        case 3:
          r.expect(FIXED64, "Sum");
          h.sum = r.readDouble();
          break;
        case 4:
          r.expect(VARINT, "Schema");
          h.schema = r.readSint32();
          break;
        case 5:
          r.expect(FIXED64, "ZeroThreshold");
          h.zeroThreshold = r.readDouble();
          break;
        case 6:
          r.expect(VARINT, "ZeroCountInt");
          zeroInt = r.readVarint();
          zeroKind = INT;
          break;
        case 7:
          r.expect(FIXED64, "ZeroCountFloat");
          zeroFloat = r.readDouble();
          zeroKind = FLOAT;
          break;
        case 8:
          neg.readSpan(r, "NegativeSpans");
          break;
        case 9:
          neg.readDeltas(r, "NegativeDeltas");
          break;
        case 10:
          neg.counts = readDoubles(r, "NegativeCounts", neg.counts, neg.countN);
          neg.countN = doublesRead;
          break;
        case 11:
          pos.readSpan(r, "PositiveSpans");
          break;
        case 12:
          pos.readDeltas(r, "PositiveDeltas");
          break;
        case 13:
          pos.counts = readDoubles(r, "PositiveCounts", pos.counts, pos.countN);
          pos.countN = doublesRead;
          break;
        case 14:
          r.expect(VARINT, "ResetHint");
          resetHint = r.readVarint32();
          break;
        case 15:
          r.expect(VARINT, "Timestamp");
          timestamp = r.readVarint();
          break;
        case 16:
          custom = readDoubles(r, "CustomValues", custom, customN);
          customN = doublesRead;
          break;
        default:
          r.skip();
      }
    }
    fill();
  }

  private void fill() {
    boolean isFloat = countKind == FLOAT;
    h.counterResetHint = switch (resetHint) {
      case 1 -> FloatHistogram.CounterResetHint.COUNTER_RESET;
      case 2 -> FloatHistogram.CounterResetHint.NOT_COUNTER_RESET;
      case 3 -> FloatHistogram.CounterResetHint.GAUGE;
      default -> FloatHistogram.CounterResetHint.UNKNOWN;
    };
    if (isFloat) {
      h.count = countFloat;
      h.zeroCount = zeroKind == FLOAT ? zeroFloat : 0;
    } else {
      h.count = countKind == INT ? unsignedToDouble(countInt) : 0;
      h.zeroCount = zeroKind == INT ? unsignedToDouble(zeroInt) : 0;
    }
    h.positiveSpans = fit(h.positiveSpans, pos.spans, pos.spanN);
    h.negativeSpans = fit(h.negativeSpans, neg.spans, neg.spanN);
    h.positiveBuckets = isFloat ? fit(h.positiveBuckets, pos.counts, pos.countN) : pos.absolute(h.positiveBuckets);
    h.negativeBuckets = isFloat ? fit(h.negativeBuckets, neg.counts, neg.countN) : neg.absolute(h.negativeBuckets);
    h.customValues = fit(h.customValues, custom, customN);
  }

  /**
   * Checks that spans and buckets agree, as Prometheus's {@code histogram.Validate} does first;
   * returns its message, or null. Other rules (negative counts, bounds order) are storage's.
   */
  String validate() {
    if (h.usesCustomBuckets()) {
      String m = checkSpans(h.positiveSpans, h.positiveBuckets.length);
      return m == null ? null : "custom buckets: " + m;
    }
    String m = checkSpans(h.negativeSpans, h.negativeBuckets.length);
    if (m != null) {
      return "negative side: " + m;
    }
    m = checkSpans(h.positiveSpans, h.positiveBuckets.length);
    return m == null ? null : "positive side: " + m;
  }

  private static String checkSpans(int[] spans, int buckets) {
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

  static double unsignedToDouble(long v) {
    if (v >= 0) {
      return v;
    }
    // Halve (keeping the lowest bit for rounding), convert, double: exact as Go's float64(uint64).
    return ((double) ((v >>> 1) | (v & 1))) * 2.0;
  }

  private static int[] fit(int[] current, int[] src, int n) {
    if (n == 0) {
      return current.length == 0 ? current : NO_INTS;
    }
    int[] dst = current.length == n ? current : new int[n];
    System.arraycopy(src, 0, dst, 0, n);
    return dst;
  }

  private static double[] fit(double[] current, double[] src, int n) {
    if (n == 0) {
      return current.length == 0 ? current : NO_DOUBLES;
    }
    double[] dst = current.length == n ? current : new double[n];
    System.arraycopy(src, 0, dst, 0, n);
    return dst;
  }

  private int doublesRead;

  /** Appends one double (wire type 1) or a packed run (wire type 2); the new count is left in doublesRead. */
  private double[] readDoubles(ProtoReader r, String field, double[] into, int n) {
    if (r.wireType == FIXED64) {
      into = grow(into, n + 1);
      into[n++] = r.readDouble();
    } else if (r.wireType == LEN) {
      int end = r.readLengthEnd();
      int count = (end - r.pos) / 8;
      into = grow(into, n + count + 1);
      int old = r.limit;
      r.limit = end;
      while (r.more()) {
        into = grow(into, n + 1);
        into[n++] = r.readDouble();
      }
      r.limit = old;
    } else {
      throw r.wrongWireType(field);
    }
    doublesRead = n;
    return into;
  }

  private static double[] grow(double[] a, int need) {
    return need <= a.length ? a : Arrays.copyOf(a, Math.max(need, a.length * 2));
  }

  private static long[] grow(long[] a, int need) {
    return need <= a.length ? a : Arrays.copyOf(a, Math.max(need, a.length * 2));
  }

  /** One side's spans and buckets as read. */
  private static final class Side {
    int[] spans = new int[8];
    int spanN;
    long[] deltas = new long[16];
    int deltaN;
    double[] counts = new double[16];
    int countN;

    void clear() {
      spanN = 0;
      deltaN = 0;
      countN = 0;
    }

    void readSpan(ProtoReader r, String field) {
      r.expect(LEN, field);
      int old = r.enter();
      int offset = 0;
      int length = 0;
      while (r.more()) {
        int f = r.readTag("BucketSpan");
        if (f == 1) {
          r.expect(VARINT, "Offset");
          offset = r.readSint32();
        } else if (f == 2) {
          r.expect(VARINT, "Length");
          length = r.readVarint32();
        } else {
          r.skip();
        }
      }
      r.leave(old);
      if (spanN + 2 > spans.length) {
        spans = Arrays.copyOf(spans, spans.length * 2);
      }
      spans[spanN++] = offset;
      spans[spanN++] = length;
    }

    void readDeltas(ProtoReader r, String field) {
      if (r.wireType == VARINT) {
        deltas = grow(deltas, deltaN + 1);
        deltas[deltaN++] = r.readSint64();
      } else if (r.wireType == LEN) {
        int end = r.readLengthEnd();
        int old = r.limit;
        r.limit = end;
        while (r.more()) {
          deltas = grow(deltas, deltaN + 1);
          deltas[deltaN++] = r.readSint64();
        }
        r.limit = old;
      } else {
        throw r.wrongWireType(field);
      }
    }

    double[] absolute(double[] current) {
      if (deltaN == 0) {
        return current.length == 0 ? current : NO_DOUBLES;
      }
      double[] dst = current.length == deltaN ? current : new double[deltaN];
      long cur = 0;
      for (int i = 0; i < deltaN; i++) {
        cur += deltas[i];
        dst[i] = cur;
      }
      return dst;
    }
  }
}
