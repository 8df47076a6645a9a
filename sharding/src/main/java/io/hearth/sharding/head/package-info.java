/**
 * The store of one node: the series it holds in memory, their open and recent chunks, and the
 * background work that moves data out of memory (segments, head snapshots, index blocks,
 * retention) and rebuilds a partition on load. {@link io.hearth.sharding.head.Head} is the facade;
 * {@code SeriesRegistry}, {@code Checkpointer}, {@code Retention}, {@code PartitionRecovery} and
 * {@code HeadQuerier} each own one of those jobs.
 *
 * <p>Owns: sample order and time bounds, durability order (a failed write never loses a chunk or
 * lets the log be truncated past unpersisted data), memory bounded by the active series. Never
 * imports Ignite: durability goes through {@link io.hearth.sharding.head.HeadPersistence}, and
 * nothing here parses HTTP or PromQL.
 */
package io.hearth.sharding.head;
