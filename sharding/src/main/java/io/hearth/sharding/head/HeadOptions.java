package io.hearth.sharding.head;

/**
 * Tunables of a {@link Head}.
 *
 * @param partitions fixed partition count (series are split by label hash)
 * @param maxSamplesPerChunk a head chunk is sealed at this many samples (Prometheus: 120)
 * @param maxChunkSpanMs ... or when its time span reaches this
 * @param segmentTargetBytes sealed chunks of a partition are written as one segment at this size
 * @param logBytesPerCheckpoint a partition is checkpointed (open chunks snapshotted, log truncated) past this much log
 * @param zstdLevel zstd level for segments (0 = never compress)
 * @param retentionMs data older than the newest sample minus this is deleted (0 = keep)
 * @param retentionBytes segments beyond this total size are deleted, oldest first (0 = no limit)
 * @param maxPendingBytes commits fail with Overloaded when this much sealed data awaits its segment
 */
public record HeadOptions(int partitions, int maxSamplesPerChunk, long maxChunkSpanMs, int segmentTargetBytes,
    long logBytesPerCheckpoint, int zstdLevel, long retentionMs, long retentionBytes, long maxPendingBytes) {
  public static HeadOptions defaults() {
    return new HeadOptions(16, 120, 2 * 3600_000L, 256 * 1024, 256L << 10, 3, 15L * 24 * 3600_000L, 0, 512L << 20);
  }

  public HeadOptions withPartitions(int p) {
    return new HeadOptions(p, maxSamplesPerChunk, maxChunkSpanMs, segmentTargetBytes, logBytesPerCheckpoint, zstdLevel, retentionMs, retentionBytes, maxPendingBytes);
  }

  public HeadOptions withRetention(long ms, long bytes) {
    return new HeadOptions(partitions, maxSamplesPerChunk, maxChunkSpanMs, segmentTargetBytes, logBytesPerCheckpoint, zstdLevel, ms, bytes, maxPendingBytes);
  }

  public HeadOptions withLogBytesPerCheckpoint(long b) {
    return new HeadOptions(partitions, maxSamplesPerChunk, maxChunkSpanMs, segmentTargetBytes, b, zstdLevel, retentionMs, retentionBytes, maxPendingBytes);
  }
}
