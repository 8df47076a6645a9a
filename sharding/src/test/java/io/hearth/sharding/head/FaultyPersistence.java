package io.hearth.sharding.head;

import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StorageException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link HeadPersistence} that fails on command: each {@link Op} can be made to throw, as a
 * disk that is full or a store that is down would, while the others go through to the delegate.
 */
final class FaultyPersistence implements HeadPersistence {
  /** The steps that can fail. */
  enum Op { LOG_APPEND, SEGMENT_WRITE, HEAD_SNAPSHOT, LOG_TRUNCATE, BLOCK_WRITE, SEGMENT_DELETE, BLOCK_DELETE, SYNC }

  private final HeadPersistence delegate;
  private final Set<Op> failing = EnumSet.noneOf(Op.class);
  int faults;

  FaultyPersistence(HeadPersistence delegate) {
    this.delegate = delegate;
  }

  synchronized void fail(Op op) {
    failing.add(op);
  }

  synchronized void heal() {
    failing.clear();
  }

  private synchronized void maybeFail(Op op) {
    if (failing.contains(op)) {
      faults++;
      throw new StorageException.Unavailable("injected fault: " + op);
    }
  }

  @Override public void logAndWait(List<SeriesDefinition> s, List<PartitionRecords> r) { maybeFail(Op.LOG_APPEND); delegate.logAndWait(s, r); }
  @Override public void writeSegment(int p, long seq, byte[] blob, byte[] dir) { maybeFail(Op.SEGMENT_WRITE); delegate.writeSegment(p, seq, blob, dir); }
  @Override public byte[] readSegment(int p, long seq) { return delegate.readSegment(p, seq); }
  @Override public void deleteSegment(int p, long seq) { maybeFail(Op.SEGMENT_DELETE); delegate.deleteSegment(p, seq); }
  @Override public long lastLogSeq(int p) { return delegate.lastLogSeq(p); }
  @Override public void truncateLog(int p, long upTo) { maybeFail(Op.LOG_TRUNCATE); delegate.truncateLog(p, upTo); }
  @Override public void deleteSeries(int p, long id) { delegate.deleteSeries(p, id); }
  @Override public Labels seriesLabels(int p, long id) { return delegate.seriesLabels(p, id); }
  @Override public void writeBlock(int p, long seq, byte[] blob, byte[] meta) { maybeFail(Op.BLOCK_WRITE); delegate.writeBlock(p, seq, blob, meta); }
  @Override public byte[] readBlock(int p, long seq) { return delegate.readBlock(p, seq); }
  @Override public void deleteBlock(int p, long seq) { maybeFail(Op.BLOCK_DELETE); delegate.deleteBlock(p, seq); }
  @Override public void forEachBlockMeta(int p, SegmentVisitor f) { delegate.forEachBlockMeta(p, f); }
  @Override public void writeHeadSnapshot(int p, byte[] blob) { maybeFail(Op.HEAD_SNAPSHOT); delegate.writeHeadSnapshot(p, blob); }
  @Override public byte[] readHeadSnapshot(int p) { return delegate.readHeadSnapshot(p); }
  @Override public void forEachSegmentDirectory(int p, SegmentVisitor f) { delegate.forEachSegmentDirectory(p, f); }
  @Override public void openPartition(int p) { delegate.openPartition(p); }
  @Override public void forEachLogBatch(int p, LogVisitor f) { delegate.forEachLogBatch(p, f); }
  @Override public void sync() { maybeFail(Op.SYNC); delegate.sync(); }
  @Override public void close() { delegate.close(); }
}
