package io.hearth.sharding.head;

import io.hearth.sharding.api.Labels;
import java.util.List;

/**
 * Where the head makes data durable: series definitions, the ingest log (acknowledged samples not
 * yet in a segment) and sealed-chunk segments, each addressed by partition.
 *
 * <p>Implementations must be thread-safe. {@link #logAndWait} is the durability point of a write:
 * when it returns, the records survive a kill -9 of this process. Segment writes are durable when
 * {@link #writeSegment} returns. Every call may throw {@link io.hearth.sharding.api.StorageException}.
 *
 * <p>The arrays handed to the write methods ({@code writeSegment}, {@code writeBlock}, {@code
 * writeHeadSnapshot}) become the persistence's: it may keep them without copying, and the caller
 * never changes them after the call.
 */
public interface HeadPersistence {
  /** Makes new series definitions and one batch of log records per partition durable, then returns. */
  void logAndWait(List<SeriesDefinition> newSeries, List<PartitionRecords> records);

  /** Stores a segment blob (and its directory) under {@code (partition, seq)}. */
  void writeSegment(int partition, long seq, byte[] blob, byte[] directory);

  /** Reads a segment blob, or throws {@code StorageException} when it is missing. */
  byte[] readSegment(int partition, long seq);

  /** Deletes a segment and its directory. */
  void deleteSegment(int partition, long seq);

  /**
   * The sequence of the newest log batch written for a partition (-1 when none). Stable while no
   * {@link #logAndWait} for that partition is in flight.
   */
  long lastLogSeq(int partition);

  /** Deletes log batches of a partition with sequence {@code <= upToSeq}. */
  void truncateLog(int partition, long upToSeq);

  /** Deletes the definition of a series that holds no data any more. */
  void deleteSeries(int partition, long id);

  /** The durable definition of a series, or null: recovery and collision checks read them one by one. */
  Labels seriesLabels(int partition, long id);

  /**
   * Stores an index block: the blob first, then its meta, which is the commit point (recovery
   * lists blocks by their metas; a blob without a meta is overwritten by the next block).
   */
  void writeBlock(int partition, long seq, byte[] blob, byte[] meta);

  /** Reads an index block blob, or null when it was deleted. */
  byte[] readBlock(int partition, long seq);

  /** Deletes an index block: the meta first, then the blob. */
  void deleteBlock(int partition, long seq);

  /** Recovery: the index block metas of one partition, in any order: {@code (partition, seq, meta)}. */
  void forEachBlockMeta(int partition, SegmentVisitor f);

  /**
   * Replaces the head snapshot of a partition: the open chunks at a checkpoint, so that the log
   * before it can be truncated without cutting chunks short. Durable when it returns.
   */
  void writeHeadSnapshot(int partition, byte[] blob);

  /** Recovery: the head snapshot of a partition, or null. */
  byte[] readHeadSnapshot(int partition);

  /** Recovery: the segment directories of one partition, in any order: {@code (partition, seq, directory)}. */
  void forEachSegmentDirectory(int partition, SegmentVisitor f);

  /**
   * Called before a partition is recovered on this node (at start, or when this node becomes its
   * owner): re-reads what the store knows of it (log sequence numbers) from the stored copy,
   * which another node may have written.
   */
  default void openPartition(int partition) {}

  /** Recovery: the log batches of one partition in ascending sequence order. */
  void forEachLogBatch(int partition, LogVisitor f);

  /**
   * Whether {@code partition}'s log keeps the store from dropping older log it no longer needs
   * beyond its bound: the head then checkpoints the partition although its log is short (a
   * partition written to rarely, beside busy ones sharing its log files).
   */
  default boolean logHoldsBack(int partition) {
    return false;
  }

  /** Files the log keeps on disk of its own, or -1 when it keeps none (the log is in the store). */
  default int logFileCount() {
    return -1;
  }

  /** Bytes of those files, or -1 when the log keeps none. */
  default long logFileBytes() {
    return -1;
  }

  /** Persists what the store buffers (e.g. an Ignite checkpoint) so that its logs can be trimmed. */
  default void sync() {}

  /** Flushes what the store buffers (e.g. a checkpoint) and releases resources. */
  void close();

  record SeriesDefinition(int partition, long id, Labels labels) {}

  /**
   * One partition's records of one commit, {@code bytes[offset, offset + length)}; {@code seq} is
   * assigned by the persistence. The bytes are the committing thread's buffer, valid only until
   * {@link #logAndWait} returns or throws: a persistence copies what it keeps.
   */
  record PartitionRecords(int partition, byte[] bytes, int offset, int length) {}

  /** Visits one stored item of a partition: a segment directory or a block meta. */
  interface SegmentVisitor {
    void visit(int partition, long seq, byte[] bytes);
  }

  interface LogVisitor {
    void visit(long seq, byte[] records);
  }

  /**
   * Persistence that keeps nothing: a volatile head (tests, conformance runs). A head over it
   * encodes no log records and writes nothing through it; segment and block writes are refused, since a volatile head keeps sealed chunks and its index in memory.
   */
  HeadPersistence NONE = new Discarding() {
    @Override public void writeSegment(int p, long seq, byte[] blob, byte[] dir) {
      throw new UnsupportedOperationException("a volatile head keeps sealed chunks in memory");
    }
    @Override public byte[] readSegment(int p, long seq) {
      throw new io.hearth.sharding.api.StorageException("a volatile head has no segment " + p + "/" + seq);
    }
    @Override public void writeBlock(int p, long seq, byte[] blob, byte[] meta) {
      throw new UnsupportedOperationException("a volatile head keeps its index in memory");
    }
  };

  /**
   * Persistence that takes every write and keeps nothing, counting the log bytes it is handed.
   * Unlike {@link #NONE}, a head over it is a durable head: every commit encodes its log records
   * and hands them to {@link #logAndWait}, so it measures Hearth's side of a durable commit without
   * a store (benchmarks). Reads answer as a store that holds nothing: no log, snapshot, block or
   * series, and a segment read throws {@code StorageException}. Thread-safe.
   */
  class Discarding implements HeadPersistence {
    private final java.util.concurrent.atomic.LongAdder logged = new java.util.concurrent.atomic.LongAdder();

    /** The log record bytes handed to {@link #logAndWait} so far. */
    public long loggedBytes() {
      return logged.sum();
    }

    @Override public void logAndWait(List<SeriesDefinition> s, List<PartitionRecords> r) {
      for (PartitionRecords pr : r) logged.add(pr.length());
    }
    @Override public void writeSegment(int p, long seq, byte[] blob, byte[] dir) {}
    @Override public byte[] readSegment(int p, long seq) {
      throw new io.hearth.sharding.api.StorageException("segment " + p + "/" + seq + " was discarded");
    }
    @Override public void deleteSegment(int p, long seq) {}
    @Override public long lastLogSeq(int p) { return -1; }
    @Override public void writeHeadSnapshot(int p, byte[] blob) {}
    @Override public byte[] readHeadSnapshot(int p) { return null; }
    @Override public void truncateLog(int p, long upToSeq) {}
    @Override public void deleteSeries(int p, long id) {}
    @Override public Labels seriesLabels(int p, long id) { return null; }
    @Override public void writeBlock(int p, long seq, byte[] blob, byte[] meta) {}
    @Override public byte[] readBlock(int p, long seq) { return null; }
    @Override public void deleteBlock(int p, long seq) {}
    @Override public void forEachBlockMeta(int partition, SegmentVisitor f) {}
    @Override public void forEachSegmentDirectory(int partition, SegmentVisitor f) {}
    @Override public void forEachLogBatch(int partition, LogVisitor f) {}
    @Override public void close() {}
  }
}
