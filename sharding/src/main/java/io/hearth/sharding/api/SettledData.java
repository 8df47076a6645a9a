package io.hearth.sharding.api;

/**
 * What a storage tells a results cache about its older data. A {@link State} names a bound and an
 * epoch: data at or before the bound is <em>settled</em>, and a result computed from settled data
 * after the state was taken stays right for as long as a later state has the same epoch.
 *
 * <p>The contract an implementation keeps: whenever a sample at or before the bound of any state
 * it returned becomes visible to queriers after that state was taken, or any sample stops being
 * visible (retention, a partition given up), the epoch changes, and it changes only once the
 * change is visible. (The head makes this true by taking the bound before the epoch and counting
 * every commit of a sample at or behind its wall clock minus a settle delay.)
 *
 * <p>Thread-safe. {@link #UNTRACKED} is the answer of a storage that does not track changes:
 * nothing is settled, nothing may be cached.
 */
public interface SettledData {
  /** The bound and epoch now. */
  State state();

  /**
   * @param settledUntil milliseconds: samples at or before it are settled; {@link Long#MIN_VALUE}
   *     when none are
   * @param epoch changes whenever settled data changes (see the interface comment)
   */
  record State(long settledUntil, long epoch) {
    /** Nothing settled. */
    public static final State NONE = new State(Long.MIN_VALUE, 0);
  }

  /** Tracks nothing: nothing is settled. */
  SettledData UNTRACKED = () -> State.NONE;
}
