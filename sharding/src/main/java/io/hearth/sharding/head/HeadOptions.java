package io.hearth.sharding.head;

/**
 * Tunables of a {@link Head}.
 *
 * @param partitions fixed partition count (series are split by label hash)
 * @param maxSamplesPerChunk a head chunk is sealed at this many samples (Prometheus: 120)
 * @param maxChunkSpanMs ... or when its time span reaches this
 * @param segmentTargetBytes sealed chunks of a partition are written as one segment at this size
 * @param logBytesPerCheckpoint a partition is checkpointed (open chunks snapshotted, log truncated) past this much log,
 *     or past twice its last snapshot when that is more ({@link Head#checkpointThreshold})
 * @param zstdLevel zstd level for segments (0 = never compress)
 * @param retentionMs data older than the head time minus this is deleted, and samples older are refused (0 = keep)
 * @param retentionBytes segments beyond this total size are deleted, oldest first (0 = no limit)
 * @param maxPendingBytes commits fail with Overloaded when this much sealed data awaits its segment
 * @param maxFutureMs samples later than the wall clock plus this are refused (0 = no bound)
 * @param truncateEveryMs head time between two truncations of a partition (chunk locations moved to an index block)
 * @param idleSeriesMs a series with no sample for this long (head time) leaves the head at a truncation
 * @param outOfOrderWindowMs float samples older than a series' newest are accepted when no older than
 *     the newest sample in the head minus this ({@code storage.tsdb.out_of_order_time_window}; 0 = refuse)
 */
public record HeadOptions(int partitions, int maxSamplesPerChunk, long maxChunkSpanMs, int segmentTargetBytes,
    long logBytesPerCheckpoint, int zstdLevel, long retentionMs, long retentionBytes, long maxPendingBytes,
    long maxFutureMs, long truncateEveryMs, long idleSeriesMs, long outOfOrderWindowMs) {
  public static final long DEFAULT_MAX_FUTURE_MS = 10 * 60_000L;

  public static HeadOptions defaults() {
    return new HeadOptions(16, 120, 2 * 3600_000L, 256 * 1024, 256L << 10, 3, 15L * 24 * 3600_000L, 0, 512L << 20,
        DEFAULT_MAX_FUTURE_MS, 15 * 60_000L, 30 * 60_000L, 0);
  }

  public HeadOptions withPartitions(int p) {
    return new HeadOptions(p, maxSamplesPerChunk, maxChunkSpanMs, segmentTargetBytes, logBytesPerCheckpoint, zstdLevel,
        retentionMs, retentionBytes, maxPendingBytes, maxFutureMs, truncateEveryMs, idleSeriesMs, outOfOrderWindowMs);
  }

  public HeadOptions withRetention(long ms, long bytes) {
    return new HeadOptions(partitions, maxSamplesPerChunk, maxChunkSpanMs, segmentTargetBytes, logBytesPerCheckpoint,
        zstdLevel, ms, bytes, maxPendingBytes, maxFutureMs, truncateEveryMs, idleSeriesMs, outOfOrderWindowMs);
  }

  public HeadOptions withLogBytesPerCheckpoint(long b) {
    return new HeadOptions(partitions, maxSamplesPerChunk, maxChunkSpanMs, segmentTargetBytes, b, zstdLevel,
        retentionMs, retentionBytes, maxPendingBytes, maxFutureMs, truncateEveryMs, idleSeriesMs, outOfOrderWindowMs);
  }

  public HeadOptions withMaxFuture(long ms) {
    return new HeadOptions(partitions, maxSamplesPerChunk, maxChunkSpanMs, segmentTargetBytes, logBytesPerCheckpoint,
        zstdLevel, retentionMs, retentionBytes, maxPendingBytes, ms, truncateEveryMs, idleSeriesMs, outOfOrderWindowMs);
  }

  public HeadOptions withSeriesLifecycle(long truncateEvery, long idleSeries) {
    return new HeadOptions(partitions, maxSamplesPerChunk, maxChunkSpanMs, segmentTargetBytes, logBytesPerCheckpoint,
        zstdLevel, retentionMs, retentionBytes, maxPendingBytes, maxFutureMs, truncateEvery, idleSeries, outOfOrderWindowMs);
  }

  public HeadOptions withOutOfOrderWindow(long ms) {
    return new HeadOptions(partitions, maxSamplesPerChunk, maxChunkSpanMs, segmentTargetBytes, logBytesPerCheckpoint,
        zstdLevel, retentionMs, retentionBytes, maxPendingBytes, maxFutureMs, truncateEveryMs, idleSeriesMs, ms);
  }
}
