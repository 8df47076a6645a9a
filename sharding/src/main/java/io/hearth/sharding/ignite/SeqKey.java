package io.hearth.sharding.ignite;

import org.apache.ignite.cache.affinity.AffinityKeyMapped;

/**
 * Key of an ordered entry of a partition (log batch, segment, segment directory). The affinity
 * field is the Hearth partition itself, which maps to the Ignite partition of the same number.
 */
final class SeqKey {
  @AffinityKeyMapped
  private final int partition;
  private final long seq;

  SeqKey(int partition, long seq) {
    this.partition = partition;
    this.seq = seq;
  }

  int partition() {
    return partition;
  }

  long seq() {
    return seq;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeqKey && ((SeqKey) o).partition == partition && ((SeqKey) o).seq == seq;
  }

  @Override
  public int hashCode() {
    return partition * 31 + Long.hashCode(seq);
  }

  @Override
  public String toString() {
    return partition + "/" + seq;
  }
}
