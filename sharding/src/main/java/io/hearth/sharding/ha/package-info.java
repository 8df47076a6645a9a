/**
 * Deduplication of Prometheus HA pairs: which replica of each HA cluster is stored ({@link
 * io.hearth.sharding.ha.ReplicaTracker}: election, refresh of the last-seen time, failover after a
 * timeout) over the {@link io.hearth.sharding.api.ReplicaElections} store, and that store for a
 * single node ({@link io.hearth.sharding.ha.LocalReplicaElections}); the cluster-wide store lives in
 * {@code io.hearth.sharding.ignite}.
 *
 * <p>Must never: read labels or request bodies (the write path passes the cluster and replica
 * values), write to the store per request, or import Ignite.
 */
package io.hearth.sharding.ha;
