package io.hearth.sharding.api;

/**
 * Read access to a set of partitions that this node serves, for a fragment of a query. Reading
 * does not block ownership changes: when a partition was released while the fragment ran,
 * {@link #validate()} throws and the caller discards what it read.
 */
public interface PartitionLease extends Queryable {
  /** The partitions leased. */
  int[] partitions();

  /**
   * Throws {@link StorageException.NotOwner} when any leased partition stopped being served here
   * since the lease was taken. Call after reading and before answering.
   */
  void validate();
}
