package io.hearth.sharding.head;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.segment.IndexBlock;
import io.hearth.sharding.segment.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Rebuilds one partition's head from the store, reading only what the head needs: the metas of its
 * index blocks (not their bodies), the directories of segments newer than the last block, the head
 * snapshot and the ingest log. Series are looked up by id as those name them, so recovery time and
 * memory follow the active series, not every series the blocks hold.
 */
final class PartitionRecovery {
  private final Head head;

  PartitionRecovery(Head head) {
    this.head = head;
  }

  void recover(Partition part) {
    HeadPersistence store = head.persistence;
    store.openPartition(part.id);
    head.persistence.forEachBlockMeta(part.id, (p, seq, bytes) -> {
      IndexBlock.Meta m = IndexBlock.decodeMeta(bytes, "index block meta " + part.id + "/" + seq);
      synchronized (part) {
        part.blocks.put(seq, m);
        part.segmentFloor = Math.max(part.segmentFloor, m.segmentEnd());
      }
      part.nextBlockSeq = Math.max(part.nextBlockSeq, seq + 1);
      if (m.evictedMaxT() > part.evictedMaxT) part.evictedMaxT = m.evictedMaxT();
      if (m.numChunks() > 0) head.noteTimes(m.minT(), m.maxT());
    });
    long floor = part.segmentFloor;
    // Segments in sequence order, which is seal order and so time order per series.
    TreeMap<Long, byte[]> dirs = new TreeMap<>();
    store.forEachSegmentDirectory(part.id, (p, seq, dir) -> dirs.put(seq, dir));
    dirs.forEach((seq, dir) -> {
      Segment.Directory d = Segment.readDirectory(dir, "segment directory " + part.id + "/" + seq);
      Segment.Entry[] entries = d.entries();
      long minT = Long.MAX_VALUE, maxT = Long.MIN_VALUE, rawBytes = 0;
      for (Segment.Entry e : entries) {
        minT = Math.min(minT, e.minT());
        maxT = Math.max(maxT, e.maxT());
        rawBytes += e.length();
        if (seq < floor) continue; // an index block holds it
        MemSeries s = resolve(part, e.seriesId());
        if (s == null) continue; // its definition was deleted with its data
        s.addRecovered(new ChunkRef(e.minT(), e.maxT(), seq, e.offset(), e.length(), null));
      }
      if (entries.length > 0) head.noteTimes(minT, maxT);
      // Directories written before the blob size was recorded give only the chunks' raw bytes, an
      // over-estimate of the stored (compressed) blob.
      long bytes = d.blobBytes() >= 0 ? d.blobBytes() : rawBytes;
      synchronized (part) {
        part.segments.put(seq, new Partition.SegmentMeta(minT, maxT, bytes));
      }
      part.nextSegmentSeq = Math.max(part.nextSegmentSeq, seq + 1);
    });
    byte[] snap = store.readHeadSnapshot(part.id);
    if (snap != null) {
      for (Segment.HeadChunk c : Segment.decodeHeadSnapshot(snap, "head snapshot " + part.id)) {
        MemSeries s = resolve(part, c.seriesId());
        if (s == null) continue;
        s.restoreHead(c.lastT(), c.sealedChunk());
        if (s.lastT != Long.MIN_VALUE) head.noteTimes(s.minTime() == Long.MAX_VALUE ? s.lastT : s.minTime(), s.lastT);
      }
    }
    List<ChunkRef> cut = new ArrayList<>(2);
    store.forEachLogBatch(part.id, (seq, bytes) -> {
      part.logBytes.addAndGet(bytes.length);
      String name = "log batch " + part.id + "/" + seq;
      LogRecords.read(bytes, 0, bytes.length, name, new LogRecords.Visitor() {
        @Override
        public void sample(long id, long t, double v) {
          MemSeries s = defined(id);
          // A logged sample older than the series' newest was taken out of order (or is in a segment already).
          if (t < s.lastT) head.replayOutOfOrder(s, t, v, cut);
          else head.applyOne(s, t, v, cut);
        }

        @Override
        public void histogram(long id, long t, FloatHistogram h) {
          MemSeries s = defined(id);
          try {
            Histograms.validate(h);
          } catch (IllegalArgumentException e) {
            throw new StorageException.Corrupt(name + " holds a malformed histogram for series id "
                + Long.toHexString(id) + " at t=" + t + ": " + e.getMessage());
          }
          head.applyHistogram(s, t, h, cut);
        }

        private MemSeries defined(long id) {
          MemSeries s = resolve(part, id);
          if (s == null) {
            throw new StorageException.Corrupt(name + " names series id " + Long.toHexString(id) + " with no definition");
          }
          return s;
        }
      });
    });
    // A definition stored by a commit that failed afterwards names a series with no data: not a head series.
    for (MemSeries s : new ArrayList<>(part.series)) {
      if (s.lastT == Long.MIN_VALUE && !s.hasData()) head.registry.remove(s);
    }
  }

  /** The head series of a stored id, registered from its durable definition; null when there is none. */
  private MemSeries resolve(Partition part, long id) {
    MemSeries s = head.registry.byId(id);
    if (s != null) return s;
    Labels labels = head.persistence.seriesLabels(part.id, id);
    if (labels == null) return null;
    return head.registry.recovered(id, labels, part.id);
  }
}
