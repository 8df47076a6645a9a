/**
 * A node's part of the cluster: routing writes to partition owners in one message per owner
 * ({@code RoutingAppendable}, {@code WriteBatch}), reading every partition from its owner at one
 * topology ({@code ClusterQueryable}), and loading and releasing partitions as ownership moves
 * ({@code OwnershipManager}). Talks to other nodes only through
 * {@link io.hearth.sharding.api.ClusterView}; never answers with a partial result.
 */
package io.hearth.sharding.cluster;
