package io.hearth.sharding.api;

/**
 * Stages samples and makes them durable and visible together on {@link #commit()}.
 *
 * <p>Every appender must end with exactly one {@link #commit()} or {@link #rollback()}. Samples are
 * checked for order when appended (against the stored series and earlier samples of this
 * appender); a rejected sample is reported by its {@link AppendStatus} and is simply not staged.
 * Series references returned by {@link #series(Labels)} are valid only within this appender. Not
 * thread-safe: one appender per request or scrape.
 */
public interface Appender {
  /** Resolves a series, creating it on commit if it is new, and returns a reference for this appender. */
  int series(Labels labels);

  /** Stages a float sample. */
  AppendStatus append(int seriesRef, long t, double v);

  /** Stages a native histogram sample; {@code h} is copied. */
  AppendStatus appendHistogram(int seriesRef, long t, FloatHistogram h);

  /**
   * Stages an exemplar of the series {@code seriesRef} (which is {@code series}); it is kept on
   * {@link #commit()} in the node's exemplar store, in memory only. Appenders without an exemplar
   * store answer {@link ExemplarStatus#DISABLED} and keep nothing, which costs samples nothing.
   */
  default ExemplarStatus appendExemplar(int seriesRef, Labels series, Exemplar e) {
    return ExemplarStatus.DISABLED;
  }

  /**
   * Stages the zero sample of a created timestamp, as Prometheus's {@code AppendCTZeroSample}: a
   * float 0 (or, when {@code first} is a native histogram, an empty one of its schema, zero
   * threshold and custom bounds, marked as a counter reset) at {@code ct}, before the series' first
   * sample at {@code t}. It is staged only when {@code ct < t} and {@code ct} is later than the
   * series' newest sample (stored or staged): it never goes out of order, not even inside an
   * out-of-order window. A zero sample that is not staged is no error: it is not counted, not
   * reported by {@link #commitReport()}, and the answer is only informative. An appender that
   * checks at commit drops it there just as silently.
   *
   * @param first the series' first sample of the request when it is a native histogram; null for a float
   */
  default AppendStatus appendCreatedZero(int seriesRef, long ct, long t, FloatHistogram first) {
    if (ct >= t) return AppendStatus.OUT_OF_ORDER;
    return first == null ? append(seriesRef, ct, 0) : appendHistogram(seriesRef, ct, FloatHistogram.createdZero(first));
  }

  /**
   * Makes all staged samples durable (they survive a kill -9 once this returns) and visible to
   * queries.
   *
   * @throws StorageException.Overloaded when the store cannot take more now: nothing was committed,
   *     the caller may retry later
   * @throws StorageException when the samples could not be made durable: nothing is acknowledged
   */
  void commit();

  /** Drops all staged samples. */
  void rollback();

  /**
   * Whether {@link #append} and {@link #appendHistogram} only stage (answering {@link AppendStatus#OK})
   * and order checks happen at commit, reported by {@link #commitReport()}.
   */
  default boolean checksAtCommit() {
    return false;
  }

  /** After {@link #commit()}: what was rejected at commit ({@link CommitReport#NONE} when nothing or when checked at append). */
  default CommitReport commitReport() {
    return CommitReport.NONE;
  }
}
