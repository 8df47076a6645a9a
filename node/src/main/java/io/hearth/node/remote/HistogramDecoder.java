package io.hearth.node.remote;

import static io.hearth.sharding.wire.ProtoReader.FIXED64;
import static io.hearth.sharding.wire.ProtoReader.LEN;
import static io.hearth.sharding.wire.ProtoReader.VARINT;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.wire.NativeHistogramSide;
import io.hearth.sharding.wire.ProtoReader;
import java.util.Arrays;
import java.util.function.DoubleConsumer;

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
  private final NativeHistogramSide pos = new NativeHistogramSide();
  private final NativeHistogramSide neg = new NativeHistogramSide();
  private double[] custom = new double[8];
  private int customN;
  private final DoubleConsumer posCount = pos::addCount;
  private final DoubleConsumer negCount = neg::addCount;
  private final DoubleConsumer customValue = this::addCustom;

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
          readSpan(r, "NegativeSpans", neg);
          break;
        case 9:
          readDeltas(r, "NegativeDeltas", neg);
          break;
        case 10:
          readDoubles(r, "NegativeCounts", negCount);
          break;
        case 11:
          readSpan(r, "PositiveSpans", pos);
          break;
        case 12:
          readDeltas(r, "PositiveDeltas", pos);
          break;
        case 13:
          readDoubles(r, "PositiveCounts", posCount);
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
          readDoubles(r, "CustomValues", customValue);
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
    h.positiveSpans = pos.spans(h.positiveSpans);
    h.negativeSpans = neg.spans(h.negativeSpans);
    h.positiveBuckets = isFloat ? pos.counts(h.positiveBuckets) : pos.absoluteDeltas(h.positiveBuckets);
    h.negativeBuckets = isFloat ? neg.counts(h.negativeBuckets) : neg.absoluteDeltas(h.negativeBuckets);
    h.customValues = fit(h.customValues, custom, customN);
  }

  /**
   * Checks that spans and buckets agree, as Prometheus's {@code histogram.Validate} does first;
   * returns its message, or null. Other rules (negative counts, bounds order) are storage's.
   */
  String validate() {
    if (h.usesCustomBuckets()) {
      String m = NativeHistogramSide.checkSpans(h.positiveSpans, h.positiveBuckets.length);
      return m == null ? null : "custom buckets: " + m;
    }
    String m = NativeHistogramSide.checkSpans(h.negativeSpans, h.negativeBuckets.length);
    if (m != null) {
      return "negative side: " + m;
    }
    m = NativeHistogramSide.checkSpans(h.positiveSpans, h.positiveBuckets.length);
    return m == null ? null : "positive side: " + m;
  }

  static double unsignedToDouble(long v) {
    if (v >= 0) {
      return v;
    }
    // Halve (keeping the lowest bit for rounding), convert, double: exact as Go's float64(uint64).
    return ((double) ((v >>> 1) | (v & 1))) * 2.0;
  }

  private static double[] fit(double[] current, double[] src, int n) {
    if (n == 0) {
      return current.length == 0 ? current : NO_DOUBLES;
    }
    double[] dst = current.length == n ? current : new double[n];
    System.arraycopy(src, 0, dst, 0, n);
    return dst;
  }

  private void addCustom(double v) {
    if (customN == custom.length) {
      custom = Arrays.copyOf(custom, customN * 2);
    }
    custom[customN++] = v;
  }

  /** One double (wire type 1) or a packed run of them (wire type 2), each handed to {@code into}. */
  private static void readDoubles(ProtoReader r, String field, DoubleConsumer into) {
    if (r.wireType() == FIXED64) {
      into.accept(r.readDouble());
    } else if (r.wireType() == LEN) {
      int end = r.readLengthEnd();
      int old = r.limit();
      r.limit(end);
      while (r.more()) {
        into.accept(r.readDouble());
      }
      r.limit(old);
    } else {
      throw r.wrongWireType(field);
    }
  }

  /** One {@code BucketSpan} message. */
  private static void readSpan(ProtoReader r, String field, NativeHistogramSide side) {
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
    side.addSpan(offset, length);
  }

  /** One sint64 delta or a packed run of them. */
  private static void readDeltas(ProtoReader r, String field, NativeHistogramSide side) {
    if (r.wireType() == VARINT) {
      side.addDelta(r.readSint64());
    } else if (r.wireType() == LEN) {
      int end = r.readLengthEnd();
      int old = r.limit();
      r.limit(end);
      while (r.more()) {
        side.addDelta(r.readSint64());
      }
      r.limit(old);
    } else {
      throw r.wrongWireType(field);
    }
  }
}
