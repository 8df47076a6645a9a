package io.hearth.sharding.head;

import io.hearth.sharding.api.Labels;
import io.hearth.sharding.chunkenc.ChunkCodec;
import io.hearth.sharding.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * One series in the head: its identity, its open (head) chunk and the list of its sealed chunks.
 *
 * <p>All mutable state is guarded by the instance monitor. Appends come only from the commit path
 * of {@link Head}; readers take a {@link #snapshot} under the monitor and read outside it.
 */
final class MemSeries {
  final int ref;
  final long id;
  final Labels labels;
  final int partition;

  /** Whether the series definition is known to be durable. */
  volatile boolean definitionPersisted;
  /** Newest timestamp applied (or {@link Long#MIN_VALUE}); read without the lock for order checks. */
  volatile long lastT = Long.MIN_VALUE;
  private double lastV;

  private XorChunk head;
  private final List<ChunkRef> sealed = new ArrayList<>(4);

  MemSeries(int ref, long id, Labels labels, int partition) {
    this.ref = ref;
    this.id = id;
    this.labels = labels;
    this.partition = partition;
  }

  synchronized boolean isLastValue(double v) {
    return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(lastV);
  }

  /** The result of applying one sample at commit time. */
  enum Applied { APPENDED, DUPLICATE, OUT_OF_ORDER }

  /**
   * Appends a committed sample; seals the head chunk first when it is full. Returns the sealed
   * chunk, if one was cut, through {@code cut}.
   */
  synchronized Applied apply(long t, double v, int maxSamplesPerChunk, long maxChunkSpanMs, List<ChunkRef> cut) {
    if (t <= lastT) {
      if (t == lastT && Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(lastV)) return Applied.DUPLICATE;
      return Applied.OUT_OF_ORDER;
    }
    if (head != null && (head.numSamples() >= maxSamplesPerChunk || t - head.minTime() >= maxChunkSpanMs)) {
      cut.add(sealHeadLocked());
    }
    if (head == null) head = new XorChunk();
    head.append(t, v);
    lastT = t;
    lastV = v;
    return Applied.APPENDED;
  }

  /** Seals the open chunk (if it has samples) and returns it, or null. */
  synchronized ChunkRef cutHead() {
    return head == null || head.numSamples() == 0 ? null : sealHeadLocked();
  }

  private ChunkRef sealHeadLocked() {
    ChunkRef r = ChunkRef.inMemory(head.minTime(), head.maxTime(), ChunkCodec.seal(head));
    sealed.add(r);
    head = null;
    return r;
  }

  /** Replaces an in-memory chunk by its persisted location once its segment is durable. */
  synchronized void persisted(ChunkRef inMemory, long segmentSeq, int offset) {
    for (int i = 0; i < sealed.size(); i++) {
      if (sealed.get(i) == inMemory) {
        sealed.set(i, new ChunkRef(inMemory.minT(), inMemory.maxT(), segmentSeq, offset, inMemory.length(), null));
        return;
      }
    }
  }

  /** Adds a persisted chunk found during recovery (in time order). */
  synchronized void addRecovered(ChunkRef r) {
    sealed.add(r);
    if (r.maxT() > lastT) lastT = r.maxT();
  }

  /** Drops persisted chunks of deleted segments; returns whether the series now holds no data. */
  synchronized boolean dropSegments(java.util.function.LongPredicate deleted) {
    sealed.removeIf(r -> r.persisted() && deleted.test(r.segmentSeq()));
    return sealed.isEmpty() && head == null;
  }

  synchronized long minTime() {
    if (!sealed.isEmpty()) return sealed.get(0).minT();
    return head == null ? Long.MAX_VALUE : head.minTime();
  }

  synchronized boolean hasData() {
    return !sealed.isEmpty() || head != null;
  }

  /** A consistent view for one reader: sealed chunks overlapping the range and the head's samples. */
  synchronized Snapshot snapshot(long mint, long maxt) {
    List<ChunkRef> refs = new ArrayList<>(sealed.size());
    for (ChunkRef r : sealed) if (r.overlaps(mint, maxt)) refs.add(r);
    XorChunk h = head != null && head.maxTime() >= mint && head.minTime() <= maxt ? head : null;
    return new Snapshot(refs, h, h == null ? null : h.iterator(null));
  }

  /** Chunks of a snapshot; {@code headIterator} already captures the head's samples. */
  record Snapshot(List<ChunkRef> sealed, XorChunk head, io.hearth.sharding.chunkenc.XorIterator headIterator) {}
}
