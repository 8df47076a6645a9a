package io.hearth.sharding.ha;

import io.hearth.sharding.api.ReplicaElection;
import io.hearth.sharding.api.ReplicaElections;
import io.hearth.sharding.api.StorageException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decides, per write request of an HA pair, whether its replica is the elected one of its cluster.
 *
 * <p>The first replica to write for a cluster is elected. Writes from the elected replica refresh
 * its last-seen time in the {@link ReplicaElections} store at most once per {@link #refreshMs()}
 * per node, so the grid is written a few times a minute per cluster, not per request. A write from
 * another replica is refused while the elected one was seen within the failover timeout; once it
 * was not, that replica takes over by compare-and-set, so when several nodes (or several replicas)
 * try at once exactly one election wins and everyone else re-reads it.
 *
 * <p>The node keeps the last election it read or wrote per cluster and reads the store again only
 * when that copy says the elected replica timed out or when one of its own compare-and-sets fails.
 * A node that holds an outdated copy (another node failed over meanwhile) corrects it at its next
 * refresh, at most {@link #refreshMs()} later. Times are wall-clock milliseconds passed in by the
 * caller; nodes are assumed to have clocks within a small fraction of the failover timeout.
 *
 * <p>Thread-safe; {@link #admit} allocates nothing on its common path (elected replica, copy fresh).
 */
public final class ReplicaTracker {
  /** Compare-and-set rounds before a request is answered as unavailable (only under heavy contention). */
  private static final int MAX_ROUNDS = 16;

  private final ReplicaElections store;
  private final long failoverMs;
  private final long refreshMs;
  private final ConcurrentHashMap<String, ReplicaElection> known = new ConcurrentHashMap<>();
  private final LongAdder failovers = new LongAdder();

  /**
   * @param failoverMs how long the elected replica may stay unseen before another one takes over
   */
  public ReplicaTracker(ReplicaElections store, long failoverMs) {
    if (failoverMs < 3) throw new IllegalArgumentException("failover timeout must be at least 3 ms, got " + failoverMs);
    this.store = store;
    this.failoverMs = failoverMs;
    // A third of the timeout: the grid's last-seen lags by at most this, so a replica that keeps
    // writing is never taken over, and a silent one is replaced between 2/3 and 3/3 of the timeout.
    this.refreshMs = failoverMs / 3;
  }

  public long failoverMs() {
    return failoverMs;
  }

  /** How often, at most, this node writes a cluster's last-seen time to the store. */
  public long refreshMs() {
    return refreshMs;
  }

  /** Elections this node made by taking over from a replica that timed out. */
  public long failovers() {
    return failovers.sum();
  }

  /**
   * Whether a request from {@code replica} of {@code cluster}, arriving at {@code nowMs}, is to be
   * stored (true) or dropped as the other copy of what the elected replica writes (false). Elects
   * the replica when the cluster has none or its elected replica timed out.
   *
   * @throws StorageException.Unavailable when the store cannot answer
   */
  public boolean admit(String cluster, String replica, long nowMs) {
    ReplicaElection e = known.get(cluster);
    for (int round = 0; round < MAX_ROUNDS; round++) {
      if (e == null) {
        e = store.get(cluster);
        if (e == null) {
          ReplicaElection mine = new ReplicaElection(replica, nowMs, nowMs);
          e = store.putIfAbsent(cluster, mine);
        }
        known.put(cluster, e);
      }
      if (e.replica().equals(replica)) {
        // Common case: the elected replica, seen recently enough.
        if (nowMs - e.lastSeenMs() < refreshMs) return true;
        ReplicaElection next = e.seenAt(nowMs);
        if (store.replace(cluster, e, next)) {
          known.put(cluster, next);
          return true;
        }
      } else {
        if (nowMs - e.lastSeenMs() <= failoverMs) return false;
        // Timed out by this node's copy: the store may know better (another node refreshed it).
        ReplicaElection stored = store.get(cluster);
        if (e.equals(stored)) {
          ReplicaElection next = new ReplicaElection(replica, nowMs, nowMs);
          if (store.replace(cluster, e, next)) {
            known.put(cluster, next);
            failovers.increment();
            return true;
          }
        } else if (stored != null) {
          known.put(cluster, stored);
          e = stored;
          continue;
        }
      }
      // A compare-and-set lost: decide again on what the store holds now.
      e = store.get(cluster);
      if (e == null) known.remove(cluster);
      else known.put(cluster, e);
    }
    throw new StorageException.Unavailable("replica election of HA cluster " + cluster + " did not settle after " + MAX_ROUNDS
        + " compare-and-set rounds: too many concurrent writers, retry");
  }

  /** Every election as the store holds it now. */
  public Map<String, ReplicaElection> elections() {
    return store.all();
  }
}
