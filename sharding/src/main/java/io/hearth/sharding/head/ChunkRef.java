package io.hearth.sharding.head;

/**
 * Where a sealed chunk lives: in a persisted segment ({@code segmentSeq >= 0}, read through the
 * {@link HeadPersistence}), or still in memory ({@code bytes != null}) waiting for its segment.
 * The bytes are the self-describing sealed form of {@code io.hearth.sharding.chunkenc.ChunkCodec}.
 */
record ChunkRef(long minT, long maxT, long segmentSeq, int offset, int length, byte[] bytes) {
  static ChunkRef inMemory(long minT, long maxT, byte[] bytes) {
    return new ChunkRef(minT, maxT, -1, 0, bytes.length, bytes);
  }

  boolean persisted() {
    return bytes == null;
  }

  boolean overlaps(long mint, long maxt) {
    return maxT >= mint && minT <= maxt;
  }
}
