package io.hearth.sharding.api;

/** The partitions this node serves, as read by query fragments sent to it. Thread-safe. */
public interface ShardAccess {
  /**
   * A lease over {@code partitions}; throws {@link StorageException.NotOwner} naming the first
   * partition that is not served here now.
   */
  PartitionLease lease(int[] partitions);

  /** How the data served here reports changes to settled data (results caches); untracked unless it says. */
  default SettledData settledData() {
    return SettledData.UNTRACKED;
  }
}
