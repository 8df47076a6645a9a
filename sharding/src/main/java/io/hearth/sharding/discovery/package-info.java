/**
 * Where a node looks for its peers: the entries of {@code --cluster.peers} ({@link
 * io.hearth.sharding.discovery.PeerEntry}: a fixed {@code host:port}, or {@code dns+NAME:PORT} whose
 * A records are all peers), resolved afresh on every call through the {@link
 * io.hearth.sharding.discovery.NameResolver} seam ({@link io.hearth.sharding.discovery.PeerAddresses}).
 *
 * <p>Owns parsing and resolving peer addresses. It must never open a connection to a peer, join a
 * cluster or import Ignite: the Ignite IP finder in {@code sharding.ignite} asks it for addresses.
 */
package io.hearth.sharding.discovery;
