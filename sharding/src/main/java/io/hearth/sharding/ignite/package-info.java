/**
 * Ignite behind one seam: the embedded node and its caches ({@code IgniteStore}), the
 * {@link io.hearth.sharding.head.HeadPersistence} on them with group commit
 * ({@code IgnitePersistence}), the cluster view for calls between nodes, WAL mode and TLS settings,
 * and the cluster-wide HA replica elections ({@code IgniteReplicaElections}, keyed by HA cluster).
 *
 * <p>The only package that imports {@code org.apache.ignite} (enforced by {@code SeamsTest}). Values
 * are bytes Hearth encodes itself; keys are {@code SeqKey} with the Hearth partition as affinity.
 * Never calls Ignite back from Ignite's own threads, and never lets an Ignite type escape its API.
 */
package io.hearth.sharding.ignite;
