package io.hearth.sharding.api;

/**
 * The replica of one HA cluster whose samples are stored, as the grid holds it.
 *
 * @param replica the elected value of the replica label
 * @param electedAtMs wall-clock time (node's clock, ms) the replica was elected
 * @param lastSeenMs wall-clock time of the last write from the replica recorded in the grid; it is
 *     refreshed at a coarse cadence, so it may lag the true last write by up to that cadence
 */
public record ReplicaElection(String replica, long electedAtMs, long lastSeenMs) {
  public ReplicaElection {
    if (replica == null || replica.isEmpty()) throw new IllegalArgumentException("an election needs a replica name");
  }

  /** The same election, seen at {@code nowMs}. */
  public ReplicaElection seenAt(long nowMs) {
    return new ReplicaElection(replica, electedAtMs, nowMs);
  }
}
