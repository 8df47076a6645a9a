/**
 * Chunk encodings: how the samples of one series are packed into bytes.
 *
 * <p>{@link io.hearth.sharding.chunkenc.XorChunk} (Gorilla-style floats) and
 * {@link io.hearth.sharding.chunkenc.HistogramChunk} (native histograms) are appendable in-memory
 * chunks with snapshot iterators; {@link io.hearth.sharding.chunkenc.ChunkCodec} turns them into
 * self-describing sealed blobs (encoding, version, CRC32C) and back. The byte layout is specified in
 * {@code docs/format/chunks.md}.
 *
 * <p>This package owns bytes only: it knows nothing of series, labels, the head, indexes or Ignite,
 * and must never import them. Decoding is allocation-free ({@code reset(byte[], off, len)} and
 * reusable iterators); corrupt input raises {@link io.hearth.sharding.api.StorageException.Corrupt}.
 */
package io.hearth.sharding.chunkenc;
