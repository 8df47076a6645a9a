package io.hearth.sharding.head;

import java.util.concurrent.atomic.LongAdder;

/** Counters of a head, read by the node's /metrics. Thread-safe. */
public final class HeadMetrics {
  public final LongAdder samplesAppended = new LongAdder();
  public final LongAdder samplesOutOfOrder = new LongAdder();
  public final LongAdder samplesDuplicate = new LongAdder();
  /** Samples refused as older than retention, or older than a series that left the head (Prometheus: out of bounds). */
  public final LongAdder samplesTooOld = new LongAdder();
  /** Samples refused because they would create a series beyond the active-series limit. */
  public final LongAdder samplesSeriesLimited = new LongAdder();
  /** Samples refused as later than the wall clock plus the future bound. */
  public final LongAdder samplesTooFarInFuture = new LongAdder();
  public final LongAdder seriesCreated = new LongAdder();
  public final LongAdder seriesRemoved = new LongAdder();
  public final LongAdder chunksCut = new LongAdder();
  public final LongAdder segmentsWritten = new LongAdder();
  public final LongAdder segmentBytesWritten = new LongAdder();
  public final LongAdder segmentsDeleted = new LongAdder();
  public final LongAdder checkpoints = new LongAdder();
  public final LongAdder truncations = new LongAdder();
  public final LongAdder blocksWritten = new LongAdder();
  public final LongAdder blocksDeleted = new LongAdder();
  /** Background storage steps (segment, snapshot, log truncation, block, retention) that failed; each is retried. */
  public final LongAdder storageErrors = new LongAdder();
  public final LongAdder commits = new LongAdder();
  public final LongAdder commitsOverloaded = new LongAdder();
  /** Commits refused because a partition they touch is not served here (ownership moved). */
  public final LongAdder commitsNotOwner = new LongAdder();
  public final LongAdder partitionsLoaded = new LongAdder();
  public final LongAdder partitionsReleased = new LongAdder();
  public final LongAdder logBytesWritten = new LongAdder();
  public final LongAdder segmentCacheHits = new LongAdder();
  public final LongAdder segmentCacheMisses = new LongAdder();
  public final LongAdder blockCacheHits = new LongAdder();
  public final LongAdder blockCacheMisses = new LongAdder();
}
