package io.hearth.sharding.api;

/**
 * Samples an appender rejected only at commit: a routing appender stages everything and learns on
 * the owning node which samples were out of order. Counts per reason plus the first offender.
 */
public record CommitReport(long outOfOrder, long duplicateTimestamp, long tooOld, long acceptedFloats, long acceptedHistograms,
    Labels firstSeries, long firstT, AppendStatus firstStatus, long seriesLimited) {
  public static final CommitReport NONE = new CommitReport(0, 0, 0, 0, 0, null, 0, null, 0);

  public long rejected() {
    return outOfOrder + duplicateTimestamp + tooOld + seriesLimited;
  }
}
