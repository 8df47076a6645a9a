package io.hearth.sharding.head;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.ValueType;
import io.hearth.sharding.chunkenc.ChunkCodec;
import io.hearth.sharding.chunkenc.HistogramIterator;
import io.hearth.sharding.chunkenc.XorIterator;
import java.util.List;

/**
 * Iterates a series' chunks in order (sealed, then the head), clipped to {@code [mint, maxt]}.
 * Sealed chunks are self-describing: each is opened with the decoder its encoding byte names, so a
 * series that switched between floats and histograms yields {@link ValueType#FLOAT} and {@link
 * ValueType#HISTOGRAM} samples in time order. Reusable through {@link #reset}; one decoder per
 * encoding is reused across chunks.
 */
final class ChunkSeriesIterator implements SampleIterator {
  private final Head head;
  private final XorIterator chunkIt = new XorIterator();
  private final HistogramIterator histogramIt = new HistogramIterator();
  private int partition;
  private List<ChunkRef> sealed;
  private SampleIterator headIt;
  private int next; // index of the next sealed chunk; sealed.size() means the head is next
  private SampleIterator cur;
  private long mint;
  private long maxt;
  private boolean done;
  /** The kind of sample the iterator stands on, NONE before the first move. */
  private ValueType state = ValueType.NONE;

  ChunkSeriesIterator(Head head) {
    this.head = head;
  }

  void reset(int partition, MemSeries.Snapshot snap, long mint, long maxt) {
    this.partition = partition;
    this.sealed = snap.sealed();
    this.headIt = snap.headIterator();
    this.next = 0;
    this.cur = null;
    this.mint = mint;
    this.maxt = maxt;
    this.done = false;
    this.state = ValueType.NONE;
  }

  private boolean openNext() {
    while (true) {
      if (next < sealed.size()) {
        ChunkRef r = sealed.get(next++);
        if (r.persisted()) {
          byte[] payload = head.segmentPayload(partition, r.segmentSeq());
          if (payload == null) continue; // deleted by retention while this reader ran: past retention
          cur = open(payload, r.offset(), r.length());
        } else {
          cur = open(r.bytes(), 0, r.length());
        }
        return true;
      }
      if (next == sealed.size() && headIt != null) {
        next++;
        cur = headIt;
        return true;
      }
      return false;
    }
  }

  private SampleIterator open(byte[] buf, int off, int len) {
    switch (ChunkCodec.encodingOf(buf, off, len)) {
      case HISTOGRAM: return ChunkCodec.openHistogram(buf, off, len, histogramIt);
      default: return ChunkCodec.open(buf, off, len, chunkIt); // XOR; open() rejects anything else
    }
  }

  @Override
  public ValueType next() {
    if (done) return ValueType.NONE;
    while (true) {
      if (cur != null) {
        ValueType vt = cur.next();
        while (vt != ValueType.NONE && cur.atT() < mint) vt = cur.next();
        if (vt != ValueType.NONE) {
          if (cur.atT() > maxt) return finish();
          return state = vt;
        }
      }
      if (!openNext()) return finish();
    }
  }

  @Override
  public ValueType seek(long t) {
    if (done) return ValueType.NONE;
    if (t < mint) t = mint;
    if (state != ValueType.NONE && cur.atT() >= t) return state; // never move backwards
    // Skip whole sealed chunks that end before t.
    while (next < sealed.size() && sealed.get(next).maxT() < t) {
      next++;
      cur = null;
    }
    while (true) {
      if (cur != null) {
        ValueType vt = cur.seek(t);
        if (vt != ValueType.NONE) return cur.atT() > maxt ? finish() : (state = vt);
      }
      if (!openNext()) return finish();
    }
  }

  private ValueType finish() {
    done = true;
    state = ValueType.NONE;
    return ValueType.NONE;
  }

  @Override
  public long atT() {
    return cur.atT();
  }

  @Override
  public double atV() {
    return cur.atV();
  }

  @Override
  public FloatHistogram atHistogram(FloatHistogram reuse) {
    return cur.atHistogram(reuse);
  }
}
