package io.hearth.sharding.api;

import java.util.Map;

/**
 * Where the elected replica of each HA cluster is kept: one copy for the whole Hearth cluster,
 * shared by every node, so that two nodes receiving the two replicas of one Prometheus pair agree
 * on which to store.
 *
 * <p>Contract: every call is linearizable per cluster key; {@link #putIfAbsent} and {@link
 * #replace} are atomic compare-and-set operations, and elections compare by value ({@link
 * ReplicaElection#equals}). Thread-safe. The key is the value of the cluster label. Calls may go
 * over the network: callers keep a local copy and write at a coarse cadence, never per request.
 *
 * <p>Errors: a store that cannot answer (no copy of the data reachable, node stopping) throws
 * {@link StorageException.Unavailable}; the write path answers it with 503 so that the sender
 * retries.
 */
public interface ReplicaElections {
  /** The election of {@code cluster}, or null when none was ever made. */
  ReplicaElection get(String cluster);

  /**
   * Stores {@code election} if {@code cluster} has none, atomically. Returns the election in place
   * afterwards: {@code election} itself when it was stored, else the one that was already there.
   */
  ReplicaElection putIfAbsent(String cluster, ReplicaElection election);

  /** Replaces {@code expected} with {@code next} only if the stored election equals {@code expected}; true if it did. */
  boolean replace(String cluster, ReplicaElection expected, ReplicaElection next);

  /** Every election, by cluster, in cluster order (for the status API and /metrics). */
  Map<String, ReplicaElection> all();
}
