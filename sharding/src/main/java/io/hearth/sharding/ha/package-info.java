/**
 * Deduplication of Prometheus HA pairs: which replica of each HA cluster is stored ({@link
 * io.hearth.sharding.ha.ReplicaTracker}: election, refresh of the last-seen time, failover after a
 * timeout) over the {@link io.hearth.sharding.api.ReplicaElections} store, that store for a single
 * node ({@link io.hearth.sharding.ha.LocalReplicaElections}), and the deadline every store call is
 * made under ({@link io.hearth.sharding.ha.DeadlineReplicaElections}: a store that fails or hangs
 * is {@code Unavailable}, never a hung write); the cluster-wide store lives in {@code
 * io.hearth.sharding.ignite}.
 *
 * <p>Must never: read labels or request bodies (the write path passes the cluster and replica
 * values), write to the store per request, or import Ignite.
 */
package io.hearth.sharding.ha;
