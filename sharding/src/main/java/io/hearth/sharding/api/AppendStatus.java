package io.hearth.sharding.api;

/**
 * The outcome of appending one sample. Rejections are values, not exceptions, so that ingest can
 * count them per reason and keep the valid rest of a request. The enum only grows.
 */
public enum AppendStatus {
  OK,
  /** Same timestamp and bit-identical value as the last sample: ignored, not an error (as Prometheus). */
  DUPLICATE_IGNORED,
  /** Timestamp older than the series' newest sample. */
  OUT_OF_ORDER,
  /** Same timestamp as the newest sample with a different value. */
  DUPLICATE_TIMESTAMP,
  /** Older than what the store still accepts (before retention or the head's window). */
  TOO_OLD,
  /** Later than the wall clock plus the store's future bound. */
  TOO_FAR_IN_FUTURE,
  /** The sample would create a series beyond the store's active-series limit. */
  SERIES_LIMIT;

  public boolean accepted() {
    return this == OK || this == DUPLICATE_IGNORED;
  }
}
