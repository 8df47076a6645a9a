package io.hearth.sharding.api;

/**
 * What a storage tells a results cache about its older data. Data at or before {@link #settledUntil()}
 * is <em>settled</em>: a result computed only from it stays right for as long as {@link #epoch()}
 * returns the number it returned before the result was computed.
 *
 * <p>The contract an implementation keeps: whenever a sample at or before the wall clock minus its
 * settle delay becomes visible to queriers, or any sample stops being visible (retention, a
 * partition given up), the epoch changes, and it changes only after the change is visible. A
 * reader that calls {@link #settledUntil()}, then {@link #epoch()}, then reads, and later finds the
 * same epoch, knows that every sample at or before that {@code settledUntil} it could read then is
 * still exactly what it read.
 *
 * <p>Thread-safe. {@link #UNTRACKED} is the answer of a storage that does not track changes: nothing
 * is settled, nothing may be cached.
 */
public interface SettledData {
  /** Milliseconds: samples at or before it are settled; {@link Long#MIN_VALUE} when none are. */
  long settledUntil();

  /** A number that changes whenever settled data changes (see the class comment). */
  long epoch();

  /** Tracks nothing: nothing is settled. */
  SettledData UNTRACKED = new SettledData() {
    @Override
    public long settledUntil() {
      return Long.MIN_VALUE;
    }

    @Override
    public long epoch() {
      return 0;
    }
  };
}
