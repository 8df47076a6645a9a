package io.hearth.sharding.head;

import io.hearth.sharding.segment.IndexBlock;
import io.hearth.sharding.segment.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves a partition's data out of memory, in three steps of growing reach, each called with the
 * partition's {@code flushLock} held:
 * <ul>
 *   <li>{@link #flushSegment}: sealed chunks waiting in memory become one segment;
 *   <li>{@link #checkpoint}: also snapshots the open chunks and every head series' newest
 *       timestamp, then truncates the ingest log up to what the snapshot covers;
 *   <li>{@link #truncate}: a checkpoint that first seals the chunks of idle series, then moves the
 *       locations of every persisted chunk into an index block and removes idle series from the
 *       head, so that memory follows the active series.
 * </ul>
 * Every step is ordered so that a failure at any write leaves the previous durable state whole:
 * chunks stay pending until their segment is written, the log is truncated only after the
 * segment and the snapshot that cover it, and the head forgets chunk locations only after their
 * index block is stored. A failed step throws; the caller retries it later.
 */
final class Checkpointer {
  private final Head head;

  Checkpointer(Head head) {
    this.head = head;
  }

  /** Writes the partition's pending sealed chunks as one segment; on failure they stay pending. */
  void flushSegment(Partition p) {
    writeSegment(p, p.takePending());
  }

  private void writeSegment(Partition p, List<Partition.PendingChunk> chunks) {
    if (chunks.isEmpty()) return;
    try {
      Segment.Entry[] dir = new Segment.Entry[chunks.size()];
      long minT = Long.MAX_VALUE, maxT = Long.MIN_VALUE;
      // A chunk's offset is where it starts in the chunks laid end to end (the segment's raw payload).
      int[] offsets = new int[chunks.size()];
      int payloadLength = 0;
      List<byte[]> sealedChunks = new ArrayList<>(chunks.size());
      for (int i = 0; i < chunks.size(); i++) {
        Partition.PendingChunk c = chunks.get(i);
        offsets[i] = payloadLength;
        payloadLength += c.chunk().length();
        dir[i] = new Segment.Entry(c.series().id, c.chunk().minT(), c.chunk().maxT(), offsets[i], c.chunk().length());
        minT = Math.min(minT, c.chunk().minT());
        maxT = Math.max(maxT, c.chunk().maxT());
        sealedChunks.add(c.chunk().bytes());
      }
      byte[] blob = Segment.encodeColdBlob(sealedChunks, head.options.zstdLevel());
      // The sequence advances only once the segment is stored: a retry rewrites the same key.
      long seq = p.nextSegmentSeq;
      head.persistence.writeSegment(p.id, seq, blob, Segment.encodeDirectory(dir, dir.length, blob.length));
      p.nextSegmentSeq = seq + 1;
      synchronized (p) {
        p.segments.put(seq, new Partition.SegmentMeta(minT, maxT, blob.length));
      }
      for (int i = 0; i < chunks.size(); i++) {
        chunks.get(i).series().persisted(chunks.get(i).chunk(), seq, offsets[i]);
      }
      head.metrics.segmentsWritten.increment();
      head.metrics.segmentBytesWritten.add(blob.length);
    } catch (RuntimeException | Error e) {
      p.restorePending(chunks);
      throw e;
    }
  }

  /** Checkpoints a partition: see the class comment. Series idle since before {@code cutIdleBefore} have their open chunk sealed. */
  void checkpoint(Partition p, long cutIdleBefore) {
    long upTo;
    long logged;
    List<Segment.HeadChunk> snapshot = new ArrayList<>();
    List<Partition.PendingChunk> toWrite;
    p.commitLock.writeLock().lock();
    try {
      // Open float chunks stay open: their bytes go into the head snapshot. Open histogram chunks
      // are cut, and so are the chunks of idle series, which are about to leave the head.
      List<ChunkRef> cut = new ArrayList<>(1);
      for (MemSeries s : p.series) {
        cut.clear();
        ChunkRef late = s.cutOutOfOrder(); // out-of-order samples are not in the snapshot: a chunk of their own
        if (late != null) cut.add(late);
        byte[] open;
        if (s.lastT < cutIdleBefore) {
          ChunkRef r = s.cutHead();
          if (r != null) cut.add(r);
          open = null;
        } else {
          open = s.checkpointHead(cut);
        }
        if (s.lastT != Long.MIN_VALUE) snapshot.add(new Segment.HeadChunk(s.id, s.lastT, open));
        for (ChunkRef r : cut) {
          head.metrics.chunksCut.increment();
          p.addPending(s, r);
        }
      }
      // Exactly the chunks sealed so far go to the segment below: a chunk sealed later was open
      // in this snapshot and must land in a later segment (see truncate).
      toWrite = p.takePending();
      upTo = head.persistence.lastLogSeq(p.id);
      logged = p.logBytes.get();
    } finally {
      p.commitLock.writeLock().unlock();
    }
    writeSegment(p, toWrite);
    byte[] snap = Segment.encodeHeadSnapshot(snapshot);
    head.persistence.writeHeadSnapshot(p.id, snap);
    p.snapshotBytes = snap.length;
    if (upTo >= 0) head.persistence.truncateLog(p.id, upTo);
    p.logBytes.addAndGet(-logged);
    head.metrics.checkpoints.increment();
  }

  /**
   * Truncates the head of a partition at head time {@code now}: a checkpoint, then an index block
   * with the locations of every chunk in segments written so far, then the head forgets those
   * locations and the series idle since {@code now - idleSeriesMs}.
   */
  void truncate(Partition p, long now) {
    long idleBefore = now - head.options.idleSeriesMs();
    checkpoint(p, idleBefore);
    long segmentEnd = p.nextSegmentSeq;
    long segmentStart;
    long evictedMaxT = p.evictedMaxT;
    synchronized (p) {
      segmentStart = p.segmentFloor;
    }
    List<IndexBlock.SeriesEntry> entries = new ArrayList<>();
    long minT = Long.MAX_VALUE, maxT = Long.MIN_VALUE;
    int numChunks = 0;
    boolean evicting = false;
    for (MemSeries s : p.series) {
      if (s.lastT < idleBefore) {
        evicting = true;
        evictedMaxT = Math.max(evictedMaxT, s.lastT);
      }
      List<ChunkRef> refs = s.persistedBelow(segmentEnd);
      if (refs.isEmpty()) continue;
      int n = refs.size();
      long[] seq = new long[n], mins = new long[n], maxs = new long[n];
      int[] off = new int[n], len = new int[n];
      for (int i = 0; i < n; i++) {
        ChunkRef r = refs.get(i);
        seq[i] = r.segmentSeq();
        off[i] = r.offset();
        len[i] = r.length();
        mins[i] = r.minT();
        maxs[i] = r.maxT();
        minT = Math.min(minT, r.minT());
        maxT = Math.max(maxT, r.maxT());
      }
      numChunks += n;
      entries.add(new IndexBlock.SeriesEntry(s.id, s.labels, seq, off, len, mins, maxs));
    }
    if (entries.isEmpty() && !evicting) {
      p.lastTruncation = now;
      return;
    }
    IndexBlock.Meta meta = null;
    long seq = p.nextBlockSeq;
    if (!entries.isEmpty() || evictedMaxT > p.evictedMaxT) {
      if (entries.isEmpty()) minT = evictedMaxT;
      byte[] blob = IndexBlock.encode(entries, head.options.zstdLevel());
      meta = new IndexBlock.Meta(minT, Math.max(maxT, evictedMaxT), segmentStart, segmentEnd, evictedMaxT,
          entries.size(), numChunks, blob.length);
      head.persistence.writeBlock(p.id, seq, blob, IndexBlock.encodeMeta(meta));
      head.metrics.blocksWritten.increment();
    }
    p.commitLock.writeLock().lock();
    try {
      if (meta != null) {
        synchronized (p) {
          p.blocks.put(seq, meta);
          p.segmentFloor = segmentEnd;
        }
        p.nextBlockSeq = seq + 1;
        p.evictedMaxT = Math.max(p.evictedMaxT, evictedMaxT);
      }
      for (MemSeries s : p.series) {
        if (meta != null) s.takePersistedBelow(segmentEnd);
        // Its chunks are in blocks now (this one or earlier ones), and its newest sample is covered by evictedMaxT.
        if (s.evictable(idleBefore)) head.registry.remove(s);
      }
    } finally {
      p.commitLock.writeLock().unlock();
    }
    p.lastTruncation = now;
    head.metrics.truncations.increment();
  }
}
