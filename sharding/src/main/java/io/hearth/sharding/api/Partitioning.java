package io.hearth.sharding.api;

/**
 * Series -> partition: the one rule every node applies. The partition count is fixed when a
 * store or cluster is created.
 */
public final class Partitioning {
  private Partitioning() {}

  /** The partition of a series with label hash {@code hash64}, in {@code [0, partitions)}. */
  public static int partition(long hash64, int partitions) {
    // Fold the high bits in: the low bits of XXH3 are good, this is belt and braces.
    return (int) Long.remainderUnsigned(hash64 ^ (hash64 >>> 32), partitions);
  }

  public static int partition(Labels labels, int partitions) {
    return partition(labels.hash64(), partitions);
  }
}
