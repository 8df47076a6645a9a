package io.hearth.sharding.head;

import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.index.MemPostings;
import io.hearth.sharding.segment.IndexBlock;
import org.roaringbitmap.RoaringBitmap;

/**
 * A decoded index block with postings over its series, built on first use: what a query reads
 * of the series that left the head. Immutable once built; held in the head's block cache.
 */
final class BlockIndex {
  final int partition;
  final IndexBlock.Decoded block;
  private volatile MemPostings postings;

  BlockIndex(int partition, IndexBlock.Decoded block) {
    this.partition = partition;
    this.block = block;
  }

  /** Indexes (into {@link #block}'s columns) of the series matching every matcher. */
  RoaringBitmap select(Matcher... matchers) {
    MemPostings p = postings;
    if (p == null) {
      synchronized (this) {
        p = postings;
        if (p == null) {
          p = new MemPostings();
          for (int i = 0; i < block.numSeries(); i++) p.add(i, block.labels[i]);
          postings = p;
        }
      }
    }
    return p.select(matchers);
  }

  /** Heap weight for the cache: the decoded columns plus about as much again for the postings. */
  long weight() {
    return block.weight * 2;
  }

  /** Whether series {@code i} has a chunk in {@code [mint, maxt]}. */
  boolean overlaps(int i, long mint, long maxt) {
    for (int c = block.chunkStart[i]; c < block.chunkStart[i + 1]; c++) {
      if (block.maxT[c] >= mint && block.minT[c] <= maxt) return true;
    }
    return false;
  }
}
