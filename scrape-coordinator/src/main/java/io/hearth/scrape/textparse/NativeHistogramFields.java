package io.hearth.scrape.textparse;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.wire.NativeHistogramSide;
import io.hearth.sharding.wire.ProtoReader;

/**
 * The native-histogram part of an exposition {@code io.prometheus.client.Histogram} message
 * (schema, zero bucket, spans, and integer deltas or float counts: fields 5 to 14) as {@link
 * ProtobufParser} walks the message, and the {@link FloatHistogram} they make. The spans and buckets
 * go through {@link NativeHistogramSide}, the decoding remote write shares; what is particular to
 * scraping is here: Prometheus's {@code isNativeHistogram} test and its {@code Compact(0)} of the
 * scraped buckets.
 *
 * <p>Reusable: {@link #clear()} before each message, then {@link #read} for each field. Not
 * thread-safe.
 */
final class NativeHistogramFields {
  private static final int[] NO_INTS = new int[0];
  private static final double[] NO_DOUBLES = new double[0];

  private int schema;
  private double zeroThreshold;
  private long zeroCount;
  private double zeroCountFloat;
  private final NativeHistogramSide pos = new NativeHistogramSide();
  private final NativeHistogramSide neg = new NativeHistogramSide();
  private boolean posSpans;
  private boolean negSpans;

  void clear() {
    schema = 0;
    zeroThreshold = 0;
    zeroCount = 0;
    zeroCountFloat = 0;
    pos.clear();
    neg.clear();
    posSpans = false;
    negSpans = false;
  }

  /**
   * Reads the field the cursor stands on when it is one of the native fields and answers true;
   * answers false, reading nothing, for any other field.
   */
  boolean read(ProtoReader c) {
    switch (c.field()) {
      case 5 -> schema = (int) ProtoReader.decodeZigZag(c.varintField("Schema"));
      case 6 -> zeroThreshold = c.doubleField("ZeroThreshold");
      case 7 -> zeroCount = c.varintField("ZeroCount");
      case 8 -> zeroCountFloat = c.doubleField("ZeroCountFloat");
      case 9 -> {
        readSpan(c, neg);
        negSpans = true;
      }
      case 10 -> readDeltas(c, neg, "NegativeDelta");
      case 11 -> readCounts(c, neg, "NegativeCount");
      case 12 -> {
        readSpan(c, pos);
        posSpans = true;
      }
      case 13 -> readDeltas(c, pos, "PositiveDelta");
      case 14 -> readCounts(c, pos, "PositiveCount");
      default -> {
        return false;
      }
    }
    return true;
  }

  /** Prometheus's {@code isNativeHistogram}: spans, a zero threshold or a zero count. */
  boolean present() {
    return posSpans || negSpans || zeroThreshold > 0 || zeroCount > 0;
  }

  /**
   * The histogram these fields and the classic ones ({@code count}, {@code countFloat}, {@code sum})
   * make, compacted as Prometheus does after scraping. Float counts are used when the float count or
   * the float zero count is set, as in Prometheus.
   *
   * @throws ParseException when a side's spans and buckets do not agree
   */
  FloatHistogram build(long count, double countFloat, double sum, boolean gauge) {
    FloatHistogram h = new FloatHistogram();
    boolean floats = countFloat > 0 || zeroCountFloat > 0;
    h.schema = schema;
    h.zeroThreshold = zeroThreshold;
    h.sum = sum;
    h.count = floats ? countFloat : count;
    h.zeroCount = floats ? zeroCountFloat : zeroCount;
    if (gauge) h.counterResetHint = FloatHistogram.CounterResetHint.GAUGE;
    double[] p = floats ? pos.counts(NO_DOUBLES) : pos.absoluteDeltas(NO_DOUBLES);
    double[] n = floats ? neg.counts(NO_DOUBLES) : neg.absoluteDeltas(NO_DOUBLES);
    int[][] spans = new int[1][];
    h.positiveBuckets = compact(pos.spans(NO_INTS), p, spans, "positive");
    h.positiveSpans = spans[0];
    h.negativeBuckets = compact(neg.spans(NO_INTS), n, spans, "negative");
    h.negativeSpans = spans[0];
    return h;
  }

  private static void readSpan(ProtoReader c, NativeHistogramSide side) {
    long r = c.lenField("Span");
    int saveEnd = c.limit();
    c.position(ProtoReader.rangeFrom(r));
    c.limit(ProtoReader.rangeTo(r));
    int offset = 0;
    int length = 0;
    while (c.more()) {
      c.readTag(null);
      switch (c.field()) {
        case 1 -> offset = (int) ProtoReader.decodeZigZag(c.varintField("Offset"));
        case 2 -> length = (int) c.varintField("Length");
        default -> c.skip();
      }
    }
    c.limit(saveEnd);
    side.addSpan(offset, length);
  }

  /** A repeated sint64, packed or not. */
  private static void readDeltas(ProtoReader c, NativeHistogramSide side, String name) {
    if (c.wireType() == ProtoReader.LEN) {
      int to = c.readLengthEnd();
      int saveEnd = c.limit();
      c.limit(to); // a varint must not run past the packed field
      while (c.more()) {
        side.addDelta(ProtoReader.decodeZigZag(c.readVarint()));
      }
      c.limit(saveEnd);
    } else {
      c.expect(ProtoReader.VARINT, name);
      side.addDelta(ProtoReader.decodeZigZag(c.readVarint()));
    }
  }

  /** A repeated double, packed or not. */
  private static void readCounts(ProtoReader c, NativeHistogramSide side, String name) {
    if (c.wireType() == ProtoReader.LEN) {
      int to = c.readLengthEnd();
      if ((to - c.position()) % 8 != 0) throw c.fail(ProtoReader.UNEXPECTED_EOF, c.position());
      while (c.position() < to) {
        side.addCount(c.readDouble());
      }
    } else {
      c.expect(ProtoReader.FIXED64, name);
      side.addCount(c.readDouble());
    }
  }

  /**
   * Prometheus's {@code Compact(0)}: drops empty buckets and zero-length spans and joins adjacent
   * spans. Returns the kept buckets and leaves their spans in {@code spansOut[0]}.
   */
  private static double[] compact(int[] spans, double[] buckets, int[][] spansOut, String side) {
    String mismatch = NativeHistogramSide.checkSpans(spans, buckets.length);
    if (mismatch != null) throw new ParseException(side + " side: " + mismatch, 0, 0);
    int nSpans = spans.length;
    int kept = 0;
    int runs = 0;
    long prev = Long.MIN_VALUE;
    long idx = 0;
    int b = 0;
    for (int s = 0; s < nSpans; s += 2) {
      idx += spans[s];
      for (int k = 0; k < spans[s + 1]; k++, idx++, b++) {
        if (buckets[b] == 0) continue;
        if (prev == Long.MIN_VALUE || idx != prev + 1) runs++;
        prev = idx;
        kept++;
      }
    }
    double[] out = new double[kept];
    int[] outSpans = new int[2 * runs];
    prev = Long.MIN_VALUE;
    idx = 0;
    b = 0;
    int o = 0;
    int r = -2;
    for (int s = 0; s < nSpans; s += 2) {
      idx += spans[s];
      for (int k = 0; k < spans[s + 1]; k++, idx++, b++) {
        if (buckets[b] == 0) continue;
        if (prev == Long.MIN_VALUE || idx != prev + 1) {
          r += 2;
          outSpans[r] = (int) (prev == Long.MIN_VALUE ? idx : idx - prev - 1);
        }
        outSpans[r + 1]++;
        out[o++] = buckets[b];
        prev = idx;
      }
    }
    spansOut[0] = outSpans;
    return out;
  }
}
