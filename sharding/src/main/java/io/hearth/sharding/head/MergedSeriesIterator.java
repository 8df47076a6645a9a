package io.hearth.sharding.head;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.ValueType;
import io.hearth.sharding.chunkenc.ChunkCodec;
import io.hearth.sharding.chunkenc.HistogramIterator;
import io.hearth.sharding.chunkenc.XorIterator;
import java.util.Arrays;

/**
 * Iterates a series whose chunks overlap in time (it received out-of-order samples): decodes every
 * chunk in range, then yields the samples in time order, one per timestamp (the first found when
 * two chunks hold the same timestamp, which only a race of concurrent writers can cause). The
 * common case, chunks in order, goes through {@link ChunkSeriesIterator} instead.
 */
final class MergedSeriesIterator implements SampleIterator {
  private long[] ts = new long[256];
  private double[] vs = new double[256];
  /** Histogram of sample i, or null for a float; allocated with the first histogram. */
  private FloatHistogram[] hs;
  private int[] order;
  private int n;
  private int pos = -1;

  MergedSeriesIterator(Head head, int partition, MemSeries.Snapshot snap, long mint, long maxt) {
    XorIterator xor = new XorIterator();
    HistogramIterator hist = new HistogramIterator();
    for (ChunkRef r : snap.sealed()) {
      byte[] buf;
      int off;
      if (r.persisted()) {
        buf = head.segmentPayload(partition, r.segmentSeq());
        if (buf == null) continue; // past retention
        off = r.offset();
      } else {
        buf = r.bytes();
        off = 0;
      }
      SampleIterator it = switch (ChunkCodec.encodingOf(buf, off, r.length())) {
        case HISTOGRAM -> ChunkCodec.openHistogram(buf, off, r.length(), hist);
        default -> ChunkCodec.open(buf, off, r.length(), xor);
      };
      add(it, mint, maxt);
    }
    if (snap.headIterator() != null) add(snap.headIterator(), mint, maxt);
    // Stable sort of indices by time: the first sample read for a timestamp wins.
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) idx[i] = i;
    Arrays.sort(idx, (a, b) -> Long.compare(ts[a], ts[b]));
    order = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (m > 0 && ts[order[m - 1]] == ts[idx[i]]) continue;
      order[m++] = idx[i];
    }
    n = m;
  }

  private void add(SampleIterator it, long mint, long maxt) {
    for (ValueType vt = it.seek(mint); vt != ValueType.NONE && it.atT() <= maxt; vt = it.next()) {
      if (n == ts.length) {
        ts = Arrays.copyOf(ts, n * 2);
        vs = Arrays.copyOf(vs, n * 2);
        if (hs != null) hs = Arrays.copyOf(hs, n * 2);
      }
      ts[n] = it.atT();
      if (vt == ValueType.HISTOGRAM) {
        if (hs == null) hs = new FloatHistogram[ts.length];
        hs[n] = it.atHistogram(null);
      } else {
        vs[n] = it.atV();
      }
      n++;
    }
  }

  private ValueType kind() {
    if (pos >= n) return ValueType.NONE;
    return hs != null && hs[order[pos]] != null ? ValueType.HISTOGRAM : ValueType.FLOAT;
  }

  @Override
  public ValueType next() {
    if (pos < n) pos++;
    return kind();
  }

  @Override
  public ValueType seek(long t) {
    if (pos < 0) pos = 0;
    while (pos < n && ts[order[pos]] < t) pos++;
    return kind();
  }

  @Override
  public long atT() {
    return ts[order[pos]];
  }

  @Override
  public double atV() {
    return vs[order[pos]];
  }

  @Override
  public FloatHistogram atHistogram(FloatHistogram reuse) {
    FloatHistogram h = hs[order[pos]];
    return reuse == null ? h.copy() : h.copyInto(reuse);
  }
}
