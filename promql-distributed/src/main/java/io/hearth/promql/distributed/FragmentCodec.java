package io.hearth.promql.distributed;

import io.hearth.promql.planner.Fragment;
import io.hearth.promql.planner.FragmentResult;
import io.hearth.promql.planner.PartialSeries;
import io.hearth.promql.engine.PromQLException;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.ByteSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire format of the {@code promql.fragment} service. A request is the leased partitions and
 * the {@link Fragment}; a response is either a {@link FragmentResult} or a shard's {@link
 * PromQLException} (type and message), so that query errors reach the coordinator as query errors.
 * Floats travel as raw bits (NaN payloads such as the stale marker survive), times as zig-zag
 * varint deltas, and per point only the fields that are not zero. Stateless.
 */
final class FragmentCodec {
  private static final int VERSION = 1;
  private static final int OK = 0;
  private static final int QUERY_ERROR = 1;
  private static final int HAS_VALUE = 1;
  private static final int HAS_COMP = 2;
  private static final int HAS_COUNT = 4;
  private static final int HAS_HIST = 8;
  private static final int HAS_HIST_COMP = 16;
  private static final FloatHistogram.CounterResetHint[] HINTS = FloatHistogram.CounterResetHint.values();

  /** A decoded request. */
  record Request(int[] partitions, Fragment fragment) {}

  private FragmentCodec() {}

  static byte[] encodeRequest(int[] partitions, Fragment f) {
    ByteSink s = new ByteSink(64 + f.query().length() + partitions.length * 2);
    s.writeByte(VERSION);
    s.writeUvarint(partitions.length);
    for (int p : partitions) {
      s.writeUvarint(p);
    }
    s.writeString(f.query());
    s.writeVarint(f.exprStart());
    s.writeVarint(f.exprEnd());
    s.writeVarint(f.start());
    s.writeVarint(f.end());
    s.writeVarint(f.interval());
    s.writeVarint(f.queryStart());
    s.writeVarint(f.queryEnd());
    s.writeVarint(f.queryStep());
    s.writeByte(f.rangeQuery() ? 1 : 0);
    s.writeVarint(f.lookbackMs());
    s.writeVarint(f.timeoutMs());
    return s.toByteArray();
  }

  static Request decodeRequest(byte[] b) {
    ByteSource s = source(b, "promql fragment request");
    int[] parts = new int[(int) s.readUvarint()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = (int) s.readUvarint();
    }
    Fragment f = new Fragment(s.readString(), (int) s.readVarint(), (int) s.readVarint(), s.readVarint(),
        s.readVarint(), s.readVarint(), s.readVarint(), s.readVarint(), s.readVarint(), s.readByte() == 1,
        s.readVarint(), s.readVarint());
    return new Request(parts, f);
  }

  static byte[] encodeError(PromQLException e) {
    ByteSink s = new ByteSink(64);
    s.writeByte(VERSION);
    s.writeByte(QUERY_ERROR);
    s.writeString(e.errorType().name());
    s.writeString(String.valueOf(e.getMessage()));
    return s.toByteArray();
  }

  static byte[] encodeResult(FragmentResult r) {
    ByteSink s = new ByteSink(256);
    s.writeByte(VERSION);
    s.writeByte(OK);
    writeStrings(s, r.warnings());
    writeStrings(s, r.infos());
    s.writeUvarint(r.series().size());
    for (PartialSeries p : r.series()) {
      writeLabels(s, p.labels);
      writeLabels(s, p.order);
      s.writeUvarint(p.n);
      long prev = 0;
      for (int i = 0; i < p.n; i++) {
        s.writeVarint(p.t[i] - prev);
        prev = p.t[i];
        s.writeUvarint(p.flags[i]);
        int present = (raw(p.value[i]) != 0 ? HAS_VALUE : 0) | (raw(p.comp[i]) != 0 ? HAS_COMP : 0)
            | (raw(p.count[i]) != 0 ? HAS_COUNT : 0) | (p.hist[i] != null ? HAS_HIST : 0)
            | (p.histComp[i] != null ? HAS_HIST_COMP : 0);
        s.writeByte(present);
        if ((present & HAS_VALUE) != 0) {
          s.writeLong(raw(p.value[i]));
        }
        if ((present & HAS_COMP) != 0) {
          s.writeLong(raw(p.comp[i]));
        }
        if ((present & HAS_COUNT) != 0) {
          s.writeLong(raw(p.count[i]));
        }
        if ((present & HAS_HIST) != 0) {
          writeHistogram(s, p.hist[i]);
        }
        if ((present & HAS_HIST_COMP) != 0) {
          writeHistogram(s, p.histComp[i]);
        }
      }
    }
    return s.toByteArray();
  }

  /**
   * The result in {@code b}.
   *
   * @throws PromQLException the shard's query error
   * @throws StorageException.Corrupt on bytes that do not decode
   */
  static FragmentResult decodeResult(byte[] b) {
    ByteSource s = source(b, "promql fragment response");
    if (s.readByte() == QUERY_ERROR) {
      PromQLException.ErrorType type = PromQLException.ErrorType.valueOf(s.readString());
      throw new PromQLException(type, s.readString());
    }
    List<String> warnings = readStrings(s);
    List<String> infos = readStrings(s);
    int n = (int) s.readUvarint();
    List<PartialSeries> series = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      PartialSeries p = new PartialSeries(readLabels(s), readLabels(s));
      int points = (int) s.readUvarint();
      long t = 0;
      for (int i = 0; i < points; i++) {
        t += s.readVarint();
        int flags = (int) s.readUvarint();
        int present = s.readByte();
        double v = (present & HAS_VALUE) != 0 ? Double.longBitsToDouble(s.readLong()) : 0;
        double c = (present & HAS_COMP) != 0 ? Double.longBitsToDouble(s.readLong()) : 0;
        double cnt = (present & HAS_COUNT) != 0 ? Double.longBitsToDouble(s.readLong()) : 0;
        FloatHistogram h = (present & HAS_HIST) != 0 ? readHistogram(s) : null;
        FloatHistogram hc = (present & HAS_HIST_COMP) != 0 ? readHistogram(s) : null;
        p.add(t, flags, v, c, cnt, h, hc);
      }
      series.add(p);
    }
    return new FragmentResult(series, warnings, infos);
  }

  private static ByteSource source(byte[] b, String what) {
    ByteSource s = new ByteSource().reset(b, 0, b.length, what);
    int v = s.readByte();
    if (v != VERSION) {
      throw new StorageException.Corrupt(what + " has version " + v + ", expected " + VERSION);
    }
    return s;
  }

  private static long raw(double d) {
    return Double.doubleToRawLongBits(d);
  }

  private static void writeStrings(ByteSink s, List<String> l) {
    s.writeUvarint(l.size());
    for (String x : l) {
      s.writeString(x);
    }
  }

  private static List<String> readStrings(ByteSource s) {
    int n = (int) s.readUvarint();
    List<String> l = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      l.add(s.readString());
    }
    return l;
  }

  private static void writeLabels(ByteSink s, Labels l) {
    s.writeUvarint(l.size());
    for (int i = 0; i < l.size(); i++) {
      s.writeString(l.name(i));
      s.writeString(l.value(i));
    }
  }

  private static Labels readLabels(ByteSource s) {
    String[] pairs = new String[2 * (int) s.readUvarint()];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = s.readString();
    }
    // Written from a Labels, hence sorted, unique and without empty values.
    return Labels.ofSortedPairsUnchecked(pairs);
  }

  private static void writeHistogram(ByteSink s, FloatHistogram h) {
    s.writeByte(h.counterResetHint.ordinal());
    s.writeVarint(h.schema);
    s.writeLong(raw(h.zeroThreshold));
    s.writeLong(raw(h.zeroCount));
    s.writeLong(raw(h.count));
    s.writeLong(raw(h.sum));
    writeInts(s, h.positiveSpans);
    writeDoubles(s, h.positiveBuckets);
    writeInts(s, h.negativeSpans);
    writeDoubles(s, h.negativeBuckets);
    writeDoubles(s, h.customValues);
  }

  private static FloatHistogram readHistogram(ByteSource s) {
    FloatHistogram h = new FloatHistogram();
    h.counterResetHint = HINTS[s.readByte()];
    h.schema = (int) s.readVarint();
    h.zeroThreshold = Double.longBitsToDouble(s.readLong());
    h.zeroCount = Double.longBitsToDouble(s.readLong());
    h.count = Double.longBitsToDouble(s.readLong());
    h.sum = Double.longBitsToDouble(s.readLong());
    h.positiveSpans = readInts(s);
    h.positiveBuckets = readDoubles(s);
    h.negativeSpans = readInts(s);
    h.negativeBuckets = readDoubles(s);
    h.customValues = readDoubles(s);
    return h;
  }

  private static void writeInts(ByteSink s, int[] a) {
    s.writeUvarint(a.length);
    for (int x : a) {
      s.writeVarint(x);
    }
  }

  private static int[] readInts(ByteSource s) {
    int[] a = new int[(int) s.readUvarint()];
    for (int i = 0; i < a.length; i++) {
      a[i] = (int) s.readVarint();
    }
    return a;
  }

  private static void writeDoubles(ByteSink s, double[] a) {
    s.writeUvarint(a.length);
    for (double x : a) {
      s.writeLong(raw(x));
    }
  }

  private static double[] readDoubles(ByteSource s) {
    double[] a = new double[(int) s.readUvarint()];
    for (int i = 0; i < a.length; i++) {
      a[i] = Double.longBitsToDouble(s.readLong());
    }
    return a;
  }
}
