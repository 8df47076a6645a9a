package io.hearth.sharding.head;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.ByteSource;

/**
 * The ingest-log record format: one batch per partition per commit, runs of samples per series.
 *
 * <p>A batch starts with its version byte. The body is a sequence of self-delimiting records, so
 * two batches of one version concatenate into one by dropping the second version byte (the group
 * commit of {@code IgnitePersistence} relies on this). The writer always writes version 2;
 * version 1, written before histograms were stored, is still read.
 *
 * <ul>
 *   <li><b>Version 1</b> (read only): {@code 1, then float runs: id(8) uvarint(n) varint(t0) v0(8)
 *       [varint(t - prevT) v(8)]*(n-1)}.
 *   <li><b>Version 2</b>: {@code 2, then records, each kind(1) body}. The kind byte names the body's
 *       layout and its version; kinds only grow and an unknown kind is corruption.
 *       <ul>
 *         <li>kind {@value #FLOAT_RUN}, float run v1: exactly a version-1 run.
 *         <li>kind {@value #HISTOGRAM_RUN}, histogram run v1: {@code id(8) uvarint(n) [varint(t0 |
 *             t - prevT) histogram]*n}, a histogram being {@code hint(1) varint(schema)
 *             zeroThreshold(8) zeroCount(8) count(8) sum(8) spans(positive) buckets(positive)
 *             spans(negative) buckets(negative) uvarint(k) customValue(8)*k}, with {@code spans =
 *             uvarint(k) [varint(offset) uvarint(length)]*k} and {@code buckets = uvarint(k)
 *             count(8)*k}. The hint is the ordinal of {@link FloatHistogram.CounterResetHint}
 *             (0 unknown, 1 reset, 2 not reset, 3 gauge).
 *       </ul>
 * </ul>
 *
 * A series' samples are written in time order; when they switch between floats and histograms
 * they form consecutive runs of each kind. Fixed-width fields are big-endian; floats are raw
 * float64 bits so the staleness NaN survives exactly, and so do all histogram fields.
 */
final class LogRecords {
  /** The first version: float runs only, no record kinds. */
  static final int VERSION_FLOATS = 1;
  /** The version written: records with kinds. */
  static final int VERSION = 2;
  static final int FLOAT_RUN = 1;
  static final int HISTOGRAM_RUN = 2;

  private static final FloatHistogram.CounterResetHint[] HINTS = FloatHistogram.CounterResetHint.values();

  private LogRecords() {}

  interface Visitor {
    void sample(long seriesId, long t, double v);

    /** A histogram sample; {@code h} is a fresh object the visitor may keep. */
    void histogram(long seriesId, long t, FloatHistogram h);
  }

  /** Starts a batch: follow with {@link #writeSeries} per series. */
  static void begin(ByteSink out) {
    out.writeByte(VERSION);
  }

  /** A float run (its body, without a kind byte): the samples {@code idx[from, to)} of one series. */
  static void writeRun(ByteSink out, long id, long[] ts, double[] vs, int[] idx, int from, int to) {
    out.writeLong(id);
    out.writeUvarint(to - from);
    long prev = 0;
    for (int i = from; i < to; i++) {
      long t = ts[idx[i]];
      out.writeVarint(i == from ? t : t - prev);
      out.writeLong(Double.doubleToRawLongBits(vs[idx[i]]));
      prev = t;
    }
  }

  /**
   * The samples {@code idx[from, to)} of one series, as consecutive records of one kind each;
   * {@code hs[i]} is the histogram of sample {@code i}, or null for a float ({@code hs} itself may
   * be null: floats only).
   */
  static void writeSeries(ByteSink out, long id, long[] ts, double[] vs, FloatHistogram[] hs, int[] idx, int from,
      int to) {
    int i = from;
    while (i < to) {
      boolean histogram = hs != null && hs[idx[i]] != null;
      int j = i + 1;
      while (j < to && (hs != null && hs[idx[j]] != null) == histogram) j++;
      if (histogram) {
        out.writeByte(HISTOGRAM_RUN);
        writeHistogramRun(out, id, ts, hs, idx, i, j);
      } else {
        out.writeByte(FLOAT_RUN);
        writeRun(out, id, ts, vs, idx, i, j);
      }
      i = j;
    }
  }

  private static void writeHistogramRun(ByteSink out, long id, long[] ts, FloatHistogram[] hs, int[] idx, int from,
      int to) {
    out.writeLong(id);
    out.writeUvarint(to - from);
    long prev = 0;
    for (int i = from; i < to; i++) {
      long t = ts[idx[i]];
      out.writeVarint(i == from ? t : t - prev);
      writeHistogram(out, hs[idx[i]]);
      prev = t;
    }
  }

  static void writeHistogram(ByteSink out, FloatHistogram h) {
    out.writeByte(h.counterResetHint.ordinal());
    out.writeVarint(h.schema);
    writeDouble(out, h.zeroThreshold);
    writeDouble(out, h.zeroCount);
    writeDouble(out, h.count);
    writeDouble(out, h.sum);
    writeSpans(out, h.positiveSpans);
    writeDoubles(out, h.positiveBuckets);
    writeSpans(out, h.negativeSpans);
    writeDoubles(out, h.negativeBuckets);
    writeDoubles(out, h.customValues);
  }

  private static void writeDouble(ByteSink out, double v) {
    out.writeLong(Double.doubleToRawLongBits(v));
  }

  private static void writeSpans(ByteSink out, int[] spans) {
    out.writeUvarint(spans.length / 2);
    for (int i = 0; i < spans.length; i += 2) {
      out.writeVarint(spans[i]);
      out.writeUvarint(spans[i + 1]);
    }
  }

  private static void writeDoubles(ByteSink out, double[] vs) {
    out.writeUvarint(vs.length);
    for (double v : vs) writeDouble(out, v);
  }

  static void read(byte[] b, int off, int len, String name, Visitor v) {
    ByteSource in = new ByteSource().reset(b, off, len, name);
    int end = off + len;
    int version = in.readByte();
    if (version == VERSION_FLOATS) {
      while (in.hasMore()) readFloatRun(in, v);
      return;
    }
    StorageException.UnsupportedVersion.require("ingest-log batch", name, version, VERSION_FLOATS, VERSION);
    while (in.hasMore()) {
      int kind = in.readByte();
      switch (kind) {
        case FLOAT_RUN: readFloatRun(in, v); break;
        case HISTOGRAM_RUN: readHistogramRun(in, end, name, v); break;
        default:
          throw new StorageException.Corrupt(name + ": unknown log record kind " + kind + " at offset "
              + (in.position() - 1) + ", expected " + FLOAT_RUN + " (float run) or " + HISTOGRAM_RUN
              + " (histogram run)");
      }
    }
  }

  private static void readFloatRun(ByteSource in, Visitor v) {
    long id = in.readLong();
    long n = in.readUvarint();
    long t = 0;
    for (long i = 0; i < n; i++) {
      t = i == 0 ? in.readVarint() : t + in.readVarint();
      v.sample(id, t, Double.longBitsToDouble(in.readLong()));
    }
  }

  private static void readHistogramRun(ByteSource in, int end, String name, Visitor v) {
    long id = in.readLong();
    long n = in.readUvarint();
    long t = 0;
    for (long i = 0; i < n; i++) {
      t = i == 0 ? in.readVarint() : t + in.readVarint();
      v.histogram(id, t, readHistogram(in, end, name));
    }
  }

  static FloatHistogram readHistogram(ByteSource in, int end, String name) {
    FloatHistogram h = new FloatHistogram();
    int hint = in.readByte();
    if (hint >= HINTS.length) {
      throw new StorageException.Corrupt(name + ": unknown counter reset hint " + hint + " at offset "
          + (in.position() - 1) + ", expected 0.." + (HINTS.length - 1));
    }
    h.counterResetHint = HINTS[hint];
    long schema = in.readVarint();
    if (schema != (int) schema) {
      throw new StorageException.Corrupt(name + ": histogram schema " + schema + " out of int range");
    }
    h.schema = (int) schema;
    h.zeroThreshold = readDouble(in);
    h.zeroCount = readDouble(in);
    h.count = readDouble(in);
    h.sum = readDouble(in);
    h.positiveSpans = readSpans(in, end, name);
    h.positiveBuckets = readDoubles(in, end, name, "positive buckets");
    h.negativeSpans = readSpans(in, end, name);
    h.negativeBuckets = readDoubles(in, end, name, "negative buckets");
    h.customValues = readDoubles(in, end, name, "custom values");
    return h;
  }

  private static double readDouble(ByteSource in) {
    return Double.longBitsToDouble(in.readLong());
  }

  private static int[] readSpans(ByteSource in, int end, String name) {
    // Each span takes at least two bytes: refuse counts the rest of the batch cannot hold.
    int k = count(in, end, 2, name, "spans");
    int[] spans = new int[2 * k];
    for (int i = 0; i < spans.length; i += 2) {
      long off = in.readVarint();
      long len = in.readUvarint();
      if (off != (int) off || len > Integer.MAX_VALUE) {
        throw new StorageException.Corrupt(name + ": histogram span out of range [expected=int offset and length,"
            + " found=offset " + off + " length " + Long.toUnsignedString(len) + "]");
      }
      spans[i] = (int) off;
      spans[i + 1] = (int) len;
    }
    return spans;
  }

  private static double[] readDoubles(ByteSource in, int end, String name, String what) {
    int k = count(in, end, 8, name, what);
    double[] vs = new double[k];
    for (int i = 0; i < k; i++) vs[i] = readDouble(in);
    return vs;
  }

  private static int count(ByteSource in, int end, int minBytesEach, String name, String what) {
    long k = in.readUvarint();
    long room = (end - in.position()) / minBytesEach;
    if (k < 0 || k > room) {
      throw new StorageException.Corrupt(name + ": histogram announces " + Long.toUnsignedString(k) + " " + what
          + " at offset " + in.position() + ", but only " + room + " fit in the rest of the batch");
    }
    return (int) k;
  }
}
