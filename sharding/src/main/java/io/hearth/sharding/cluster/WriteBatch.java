package io.hearth.sharding.cluster;

import io.hearth.sharding.api.AppendStatus;
import io.hearth.sharding.api.Appendable;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.head.SampleCodec;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.ByteSource;
import io.hearth.sharding.wire.SeriesCache;
import java.util.List;

/**
 * The message a routing node sends an owner: series with their samples in arrival order, and the
 * owner's answer (counts of what it rejected and the first offender).
 *
 * <pre>
 * batch  := version (1, or 2 when it holds a created-timestamp zero sample) uvarint(#series) series*
 * series := uvarint(#labels) (string name, string value)* uvarint(#samples) sample*
 * sample := byte kind (0 float, 1 histogram) varint t (double bits as int64 | histogram as in the ingest log)
 *         | byte kind (2 float, 3 histogram created-timestamp zero) varint ct varint t(sample it precedes) [histogram: 3]
 * report := version=1 uvarint ooo uvarint dup uvarint old uvarint floats uvarint histograms
 *           byte firstStatus (0 none, else AppendStatus ordinal + 1) [uvarint seriesIndex varint t]
 *           uvarint seriesLimited (absent from older writers: read as 0)
 * </pre>
 */
final class WriteBatch {
  private static final int VERSION = 1;
  /**
   * A batch holding created-timestamp zero samples (kinds 2 and 3): an owner that predates them
   * refuses the version rather than misreading the kinds; batches without them stay version 1.
   */
  private static final int VERSION_CREATED_ZERO = 2;

  private WriteBatch() {}

  /** An encoded batch and the appender-local series refs in the order they were written. */
  record Encoded(byte[] bytes, int[] seriesRefs) {}

  record Report(long outOfOrder, long duplicateTimestamp, long tooOld, long acceptedFloats, long acceptedHistograms,
      AppendStatus firstStatus, int firstSeriesIndex, long firstT, long seriesLimited) {}

  /**
   * Encodes the staged samples {@code idx} (arrival order), grouped by series in series-ref order,
   * each series' samples in arrival order. Sorts packed primitive keys: nothing per sample.
   */
  static Encoded encode(List<Labels> series, int[] ref, long[] ts, double[] vs, FloatHistogram[] hs, int[] idx) {
    return encode(series, ref, ts, vs, hs, null, idx);
  }

  /**
   * As above; {@code ctBefore[i]}, when {@code ctBefore} is not null and it is not {@link
   * Long#MIN_VALUE}, marks sample i as a created-timestamp zero sample preceding a sample at that time.
   */
  static Encoded encode(List<Labels> series, int[] ref, long[] ts, double[] vs, FloatHistogram[] hs, long[] ctBefore, int[] idx) {
    return encode(series, ref, ts, vs, hs, ctBefore, idx, null);
  }

  /** As above, taking each series' label block from {@code blocks} (null: encoded here). */
  static Encoded encode(List<Labels> series, int[] ref, long[] ts, double[] vs, FloatHistogram[] hs, long[] ctBefore, int[] idx,
      LabelBlocks blocks) {
    long[] keys = new long[idx.length];
    for (int k = 0; k < idx.length; k++) keys[k] = ((long) ref[idx[k]] << 32) | k;
    java.util.Arrays.sort(keys);
    int runs = 0;
    for (int k = 0; k < keys.length; k++) if (k == 0 || (keys[k] >>> 32) != (keys[k - 1] >>> 32)) runs++;
    boolean anyCreated = false;
    if (ctBefore != null) for (int i : idx) anyCreated |= ctBefore[i] != Long.MIN_VALUE;
    ByteSink out = new ByteSink(64 + idx.length * 16);
    out.writeByte(anyCreated ? VERSION_CREATED_ZERO : VERSION);
    out.writeUvarint(runs);
    int[] refs = new int[runs];
    int r = 0;
    int k = 0;
    while (k < keys.length) {
      int sref = (int) (keys[k] >>> 32);
      int end = k;
      while (end < keys.length && (int) (keys[end] >>> 32) == sref) end++;
      refs[r++] = sref;
      Labels l = series.get(sref);
      if (blocks == null) writeLabels(out, l);
      else {
        byte[] block = blocks.get(l);
        out.writeBytes(block, 0, block.length);
      }
      out.writeUvarint(end - k);
      for (; k < end; k++) {
        int i = idx[(int) keys[k]];
        FloatHistogram h = hs == null ? null : hs[i];
        boolean created = anyCreated && ctBefore[i] != Long.MIN_VALUE;
        out.writeByte((h == null ? 0 : 1) + (created ? 2 : 0));
        out.writeVarint(ts[i]);
        if (created) out.writeVarint(ctBefore[i]);
        if (h == null && created) continue; // a float zero: no value to send
        if (h == null) out.writeLong(Double.doubleToRawLongBits(vs[i]));
        else SampleCodec.writeHistogram(out, h);
      }
    }
    return new Encoded(out.toByteArray(), refs);
  }

  private static void writeLabels(ByteSink out, Labels l) {
    out.writeUvarint(l.size());
    for (int j = 0; j < l.size(); j++) {
      out.writeString(l.name(j));
      out.writeString(l.value(j));
    }
  }

  /**
   * The encoded label block ({@code uvarint(#labels) (name, value)*}) of the series a router sends
   * again with every request, by {@link Labels} instance: the write path hands the router the same
   * instance for a series each time (the remote-write series cache), so each series' strings are
   * encoded once. Four-way set-associative by the labels' cached hash, like {@link SeriesCache}'s
   * buckets: a series takes a free slot of its bucket or else one of the four in turn, so memory is
   * bounded by the slot count. Thread-safe without locks (immutable entries).
   */
  static final class LabelBlocks {
    private record Entry(Labels labels, byte[] block) {}

    private final Entry[] slots;
    private final int mask;
    private final int ways;
    /** Which way a full bucket gives up next; racy increments only change which entry goes. */
    private int turn;

    /** {@code slots} rounded up to a power of two, at least 1. */
    LabelBlocks(int slots) {
      int n = slots <= 1 ? 1 : Integer.highestOneBit(slots - 1) << 1;
      this.slots = new Entry[n];
      this.mask = n - 1;
      this.ways = Math.min(4, n);
    }

    /** The block of {@code l}: the remembered one when this very instance is in its bucket. */
    byte[] get(Labels l) {
      int b = (int) l.hash64() & mask & -ways;
      int free = -1;
      for (int i = b; i < b + ways; i++) {
        Entry e = slots[i];
        if (e == null) {
          if (free < 0) free = i;
        } else if (e.labels == l) {
          return e.block;
        }
      }
      ByteSink out = new ByteSink(16 + 24 * l.size());
      writeLabels(out, l);
      byte[] block = out.toByteArray();
      slots[free >= 0 ? free : b + (turn++ & (ways - 1))] = new Entry(l, block);
      return block;
    }
  }

  /** Owner side: appends a batch to {@code local}, commits, and answers with the report. */
  static byte[] applyTo(byte[] batch, Appendable local) {
    return applyTo(batch, local, SeriesCache.NONE);
  }

  /**
   * As above, taking the labels of a series whose label bytes were seen before from {@code cache}:
   * every request resends every series, so an owner decodes each series' strings once, and the head
   * gets the very {@link Labels} instance it attached its series to (no hash lookup).
   */
  static byte[] applyTo(byte[] batch, Appendable local, SeriesCache cache) {
    ByteSource in = new ByteSource().reset(batch, 0, batch.length, "write batch");
    int v = in.readByte();
    if (v != VERSION && v != VERSION_CREATED_ZERO) {
      throw new IllegalArgumentException("write batch version " + v + ", expected " + VERSION + " or " + VERSION_CREATED_ZERO);
    }
    int numSeries = (int) in.readUvarint();
    Appender app = local.appender();
    long ooo = 0, dup = 0, old = 0, floats = 0, hists = 0, limited = 0;
    AppendStatus first = null;
    int firstIdx = 0;
    long firstT = 0;
    try {
      for (int s = 0; s < numSeries; s++) {
        int r = app.series(readLabels(in, batch, cache));
        int ns = (int) in.readUvarint();
        for (int j = 0; j < ns; j++) {
          int kind = in.readByte();
          long t = in.readVarint();
          if (kind >= 2) {
            // A created-timestamp zero sample: staged when in order, else dropped; never counted or reported.
            long before = in.readVarint();
            app.appendCreatedZero(r, t, before, kind == 3 ? SampleCodec.readHistogram(in, batch.length, "write batch") : null);
            continue;
          }
          AppendStatus st;
          boolean hist = kind == 1;
          if (hist) st = app.appendHistogram(r, t, SampleCodec.readHistogram(in, batch.length, "write batch"));
          else st = app.append(r, t, Double.longBitsToDouble(in.readLong()));
          switch (st) {
            case OK:
            case DUPLICATE_IGNORED:
              if (hist) hists++;
              else floats++;
              continue;
            case OUT_OF_ORDER:
              ooo++;
              break;
            case DUPLICATE_TIMESTAMP:
              dup++;
              break;
            case SERIES_LIMIT:
              limited++;
              break;
            default:
              old++;
          }
          if (first == null) {
            first = st;
            firstIdx = s;
            firstT = t;
          }
        }
      }
    } catch (RuntimeException e) {
      app.rollback();
      throw e;
    }
    app.commit();
    ByteSink out = new ByteSink(48);
    out.writeByte(VERSION);
    out.writeUvarint(ooo);
    out.writeUvarint(dup);
    out.writeUvarint(old);
    out.writeUvarint(floats);
    out.writeUvarint(hists);
    out.writeByte(first == null ? 0 : first.ordinal() + 1);
    if (first != null) {
      out.writeUvarint(firstIdx);
      out.writeVarint(firstT);
    }
    out.writeUvarint(limited); // added after version 1's fields: older readers stop before it
    return out.toByteArray();
  }

  /** The labels of one series: from {@code cache} when its bytes were seen before, else decoded and remembered. */
  private static Labels readLabels(ByteSource in, byte[] batch, SeriesCache cache) {
    int from = in.position();
    long n = in.readUvarint();
    // Each name and value takes at least its length byte: a count the batch cannot hold is refused
    // before anything is allocated for it.
    if (n < 0 || n > (batch.length - in.position()) / 2) {
      throw new IllegalArgumentException("write batch: a series claims " + n + " labels with "
          + (batch.length - in.position()) + " bytes left");
    }
    int nl = (int) n;
    if (cache.capacity() == 0) return readPairs(in, nl);
    for (int j = 0; j < 2 * nl; j++) in.skip(in.readUvarint());
    int len = in.position() - from;
    long h = SeriesCache.hash(batch, from, len);
    Labels cached = cache.get(h, batch, from, len);
    if (cached != null) return cached;
    in.reset(batch, from, batch.length - from, "write batch");
    in.readUvarint();
    Labels l = readPairs(in, nl);
    cache.put(h, batch, from, len, l);
    return l;
  }

  private static Labels readPairs(ByteSource in, int nl) {
    String[] pairs = new String[2 * nl];
    for (int j = 0; j < 2 * nl; j++) pairs[j] = in.readString();
    return Labels.ofSortedPairsUnchecked(pairs);
  }

  static Report decodeReport(byte[] b) {
    ByteSource in = new ByteSource().reset(b, 0, b.length, "write report");
    int v = in.readByte();
    if (v != VERSION) throw new StorageException.Corrupt("write report version " + v + ", expected " + VERSION);
    long ooo = in.readUvarint(), dup = in.readUvarint(), old = in.readUvarint(), floats = in.readUvarint(), hists = in.readUvarint();
    int fs = in.readByte();
    int idx = 0;
    long t = 0;
    if (fs != 0) {
      idx = (int) in.readUvarint();
      t = in.readVarint();
    }
    long limited = in.hasMore() ? in.readUvarint() : 0;
    return new Report(ooo, dup, old, floats, hists, fs == 0 ? null : AppendStatus.values()[fs - 1], idx, t, limited);
  }
}
