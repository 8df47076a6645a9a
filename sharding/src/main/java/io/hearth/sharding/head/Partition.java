package io.hearth.sharding.head;

import io.hearth.sharding.segment.IndexBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The head's state for one partition. Commits hold {@link #commitLock} for reading while they log
 * and apply; a checkpoint or a truncation holds it for writing so that the log it truncates is
 * fully applied and no series is removed under a commit.
 *
 * <p>Where a partition's chunks are found: chunks of segments below {@link #segmentFloor} through
 * its index {@link #blocks}; newer persisted chunks and in-memory ones through the head's series.
 * The floor and the block list change together under {@code this}, so that a reader that takes
 * both at once sees every chunk exactly once.
 */
final class Partition {
  final int id;
  final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock();
  final Set<MemSeries> series = ConcurrentHashMap.newKeySet();
  final AtomicLong logBytes = new AtomicLong();
  /**
   * Whether this node serves the partition: its series, segments and log are loaded. Written under
   * {@link #flushLock} and the write lock of {@link #commitLock}.
   */
  volatile boolean loaded;
  /** Grows on every load and release, so that a reader can tell that the partition moved under it. */
  volatile long generation;

  /** Guarded by {@code this}: sealed chunks waiting for a segment, in seal order. */
  private List<PendingChunk> pending = new ArrayList<>();
  private long pendingBytes;
  /** Guarded by {@code this}: persisted segments by sequence. */
  final TreeMap<Long, SegmentMeta> segments = new TreeMap<>();
  /** Written under {@link #flushLock}. */
  long nextSegmentSeq;
  /** Guarded by {@code this}: index blocks by sequence. */
  final TreeMap<Long, IndexBlock.Meta> blocks = new TreeMap<>();
  /** Guarded by {@code this}: segments below this sequence are indexed by {@link #blocks}, not by the head. */
  long segmentFloor;
  /** Written under {@link #flushLock}. */
  long nextBlockSeq;
  /**
   * The newest sample of any series truncation removed from the head: a series new to the head
   * may only write after it, so that its chunks stay in time order behind those in blocks.
   */
  volatile long evictedMaxT = Long.MIN_VALUE;
  /** Head time (see {@link Head#headTime()}) of the last truncation; written under {@link #flushLock}. */
  long lastTruncation = Long.MIN_VALUE;
  /** Held while a segment or block of this partition is written, so they keep seal order. */
  final Object flushLock = new Object();
  /** Bytes of the partition's last head snapshot (a figure for /metrics). */
  volatile long snapshotBytes;
  /** Background work that failed in a row, and when to try again (ms, wall clock); under {@link #flushLock}. */
  int failures;
  long retryAt;

  Partition(int id) {
    this.id = id;
  }

  record PendingChunk(MemSeries series, ChunkRef chunk) {}

  record SegmentMeta(long minT, long maxT, long bytes) {}

  /** What a reader needs to find this partition's persisted chunks: see the class comment. */
  record Layout(long segmentFloor, List<java.util.Map.Entry<Long, IndexBlock.Meta>> blocks) {}

  synchronized Layout layout(long mint, long maxt) {
    List<java.util.Map.Entry<Long, IndexBlock.Meta>> out = new ArrayList<>();
    for (var e : blocks.entrySet()) {
      if (e.getValue().maxT() >= mint && e.getValue().minT() <= maxt && e.getValue().numChunks() > 0) out.add(e);
    }
    return new Layout(segmentFloor, out);
  }

  synchronized boolean hasSegment(long seq) {
    return segments.containsKey(seq);
  }

  synchronized void addPending(MemSeries s, ChunkRef r) {
    pending.add(new PendingChunk(s, r));
    pendingBytes += r.length();
  }

  synchronized long pendingBytes() {
    return pendingBytes;
  }

  /** Forgets everything in memory (the partition is released: its durable state stays in the store). */
  synchronized void clear() {
    pending = new ArrayList<>();
    pendingBytes = 0;
    segments.clear();
    blocks.clear();
    segmentFloor = 0;
    nextSegmentSeq = 0;
    nextBlockSeq = 0;
    evictedMaxT = Long.MIN_VALUE;
    lastTruncation = Long.MIN_VALUE;
    failures = 0;
    snapshotBytes = 0;
    retryAt = 0;
    series.clear();
    logBytes.set(0);
  }

  synchronized List<PendingChunk> takePending() {
    List<PendingChunk> p = pending;
    pending = new ArrayList<>();
    pendingBytes = 0;
    return p;
  }

  /** Puts back chunks taken by {@link #takePending} whose segment could not be written, ahead of newer ones. */
  synchronized void restorePending(List<PendingChunk> chunks) {
    List<PendingChunk> merged = new ArrayList<>(chunks.size() + pending.size());
    merged.addAll(chunks);
    merged.addAll(pending);
    pending = merged;
    for (PendingChunk c : chunks) pendingBytes += c.chunk().length();
  }
}
