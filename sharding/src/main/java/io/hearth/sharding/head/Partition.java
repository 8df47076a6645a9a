package io.hearth.sharding.head;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The head's state for one partition. Commits hold {@link #commitLock} for reading while they log
 * and apply; a checkpoint holds it for writing so that the log it truncates is fully applied.
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
  long nextSegmentSeq;
  /** Held while a segment of this partition is written, so segments keep seal order. */
  final Object flushLock = new Object();

  Partition(int id) {
    this.id = id;
  }

  record PendingChunk(MemSeries series, ChunkRef chunk) {}

  record SegmentMeta(long minT, long maxT, long bytes) {}

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
    nextSegmentSeq = 0;
    series.clear();
    logBytes.set(0);
  }

  synchronized List<PendingChunk> takePending() {
    List<PendingChunk> p = pending;
    pending = new ArrayList<>();
    pendingBytes = 0;
    return p;
  }
}
