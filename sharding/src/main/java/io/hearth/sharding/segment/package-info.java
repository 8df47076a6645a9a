/**
 * Stored formats above the chunk: segment blobs and directories, head snapshots and index blocks,
 * each self-describing (magic, version, CRC) and documented in {@code docs/format/segments.md}.
 * Corrupt input raises {@link io.hearth.sharding.api.StorageException.Corrupt} naming the blob and
 * what was expected. Encodes and decodes only: never reads or writes storage.
 */
package io.hearth.sharding.segment;
