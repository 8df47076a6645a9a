package io.hearth.sharding.head;

import io.hearth.sharding.segment.IndexBlock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deletes what is past retention: segments and index blocks whose newest sample is older than the
 * head time minus the retention time, and the oldest segments beyond the size limit. The head time
 * never runs ahead of the wall clock, so a sample stamped far in the future cannot delete data.
 * Definitions of series that no block or head series needs any more are deleted with their block.
 */
final class Retention {
  private final Head head;

  Retention(Head head) {
    this.head = head;
  }

  /** The oldest timestamp retention keeps (samples before it are deleted and refused), or MIN when none. */
  long cutoff() {
    if (head.options.retentionMs() <= 0 || head.maxTime() == Long.MIN_VALUE) return Long.MIN_VALUE;
    return head.headTime() - head.options.retentionMs();
  }

  void apply() {
    long cutoff = cutoff();
    if (cutoff != Long.MIN_VALUE) {
      for (Partition p : head.partitions) {
        List<Long> segments = new ArrayList<>();
        List<Long> blocks = new ArrayList<>();
        synchronized (p) {
          p.segments.forEach((seq, m) -> {
            if (m.maxT() < cutoff) segments.add(seq);
          });
          p.blocks.forEach((seq, m) -> {
            if (m.maxT() < cutoff) blocks.add(seq);
          });
        }
        delete(p, segments, blocks);
      }
    }
    if (head.options.retentionBytes() > 0) {
      long total = head.segmentBytes();
      while (total > head.options.retentionBytes()) {
        Partition oldestP = null;
        long oldestSeq = -1;
        Partition.SegmentMeta oldest = null;
        for (Partition p : head.partitions) {
          synchronized (p) {
            for (Map.Entry<Long, Partition.SegmentMeta> e : p.segments.entrySet()) {
              if (oldest == null || e.getValue().maxT() < oldest.maxT()) {
                oldest = e.getValue();
                oldestP = p;
                oldestSeq = e.getKey();
              }
            }
          }
        }
        if (oldest == null) break;
        // Blocks all of whose segments are gone go with the last of them.
        List<Long> blocks = new ArrayList<>();
        synchronized (oldestP) {
          long firstLeft = Long.MAX_VALUE;
          for (long seq : oldestP.segments.keySet()) {
            if (seq != oldestSeq) {
              firstLeft = seq;
              break;
            }
          }
          for (Map.Entry<Long, IndexBlock.Meta> e : oldestP.blocks.entrySet()) {
            if (e.getValue().segmentEnd() <= firstLeft && e.getValue().numChunks() > 0) blocks.add(e.getKey());
          }
        }
        delete(oldestP, List.of(oldestSeq), blocks);
        total -= oldest.bytes();
      }
    }
  }

  private void delete(Partition p, List<Long> segments, List<Long> blocks) {
    if (segments.isEmpty() && blocks.isEmpty()) return;
    synchronized (p.flushLock) {
      if (!p.loaded) return;
      for (long seq : blocks) deleteBlock(p, seq);
      if (segments.isEmpty()) {
        head.settled.changed();
        return;
      }
      Set<Long> set = new HashSet<>();
      for (long seq : segments) {
        head.persistence.deleteSegment(p.id, seq);
        set.add(seq);
        synchronized (p) {
          p.segments.remove(seq);
        }
        head.forgetSegment(p.id, seq);
        head.metrics.segmentsDeleted.increment();
      }
      for (MemSeries s : p.series) s.dropSegments(set::contains);
      head.settled.changed();
      head.recomputeMinTime();
    }
  }

  private void deleteBlock(Partition p, long seq) {
    byte[] blob = head.persistence.readBlock(p.id, seq);
    if (blob != null) {
      IndexBlock.Decoded d = IndexBlock.decode(blob, "index block " + p.id + "/" + seq);
      for (long id : d.ids) {
        if (head.registry.byId(id) == null) head.persistence.deleteSeries(p.id, id);
      }
    }
    head.persistence.deleteBlock(p.id, seq);
    synchronized (p) {
      p.blocks.remove(seq);
    }
    head.forgetBlock(p.id, seq);
    head.metrics.blocksDeleted.increment();
  }
}
