package io.hearth.sharding.head;

import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.index.FrozenPostings;
import io.hearth.sharding.segment.IndexBlock;
import org.roaringbitmap.RoaringBitmap;

/**
 * A decoded index block with postings over its series: what a query reads of the series that
 * left the head. Immutable; held in the head's block cache, weighed by what it holds.
 */
final class BlockIndex {
  final int partition;
  final IndexBlock.Decoded block;
  private final FrozenPostings postings;

  BlockIndex(int partition, IndexBlock.Decoded block) {
    this.partition = partition;
    this.block = block;
    this.postings = FrozenPostings.build(block.symbols, block.labelStart, block.labelSyms);
  }

  /** Indexes (into {@link #block}'s columns) of the series matching every matcher. */
  RoaringBitmap select(Matcher... matchers) {
    return postings.select(matchers);
  }

  /** Heap weight for the cache: the decoded columns and the postings. */
  long weight() {
    return block.weight + postings.weight();
  }

  /** Whether series {@code i} has a chunk in {@code [mint, maxt]}. */
  boolean overlaps(int i, long mint, long maxt) {
    for (int c = block.chunkStart[i]; c < block.chunkStart[i + 1]; c++) {
      if (block.maxT[c] >= mint && block.minT[c] <= maxt) return true;
    }
    return false;
  }
}
