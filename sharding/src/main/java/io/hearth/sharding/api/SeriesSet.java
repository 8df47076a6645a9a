package io.hearth.sharding.api;

/**
 * A pull iterator over series. {@link #at()} is valid after {@link #next()} returned true. A
 * storage failure while iterating is thrown as {@link StorageException}. Not thread-safe.
 */
public interface SeriesSet {
  boolean next();

  Series at();

  SeriesSet EMPTY = new SeriesSet() {
    @Override public boolean next() { return false; }
    @Override public Series at() { throw new IllegalStateException("empty series set"); }
  };
}
