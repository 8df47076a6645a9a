package io.hearth.sharding.api;

import java.util.List;

/**
 * Reads series within the time bounds {@code [mint, maxt]} (milliseconds, inclusive) fixed when it
 * was created by {@link Queryable#querier(long, long)}.
 *
 * <p>A querier sees a consistent view for its lifetime as far as the store allows; it must be
 * closed. Series sets and iterators it returned are invalid after {@link #close()}. One querier is
 * used by one thread at a time.
 */
public interface Querier extends AutoCloseable {
  /**
   * Series matching all matchers (at least one matcher must not match the empty string).
   *
   * @param sorted whether series must come in {@link Labels#compareTo} order
   */
  SeriesSet select(boolean sorted, Matcher... matchers);

  /** Sorted distinct values of a label among series matching the matchers (all series if none). */
  List<String> labelValues(String name, Matcher... matchers);

  /** Sorted distinct label names among series matching the matchers (all series if none). */
  List<String> labelNames(Matcher... matchers);

  @Override
  void close();
}
