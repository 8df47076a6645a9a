package io.hearth.sharding.api;

/**
 * A pull iterator over series. {@link #at()} is valid after {@link #next()} returned true. A
 * storage failure while iterating is thrown as {@link StorageException}. Not thread-safe.
 */
public interface SeriesSet {
  boolean next();

  Series at();

  /** A series set over a list, in list order. */
  static SeriesSet of(java.util.List<? extends Series> list) {
    return new SeriesSet() {
      private int i = -1;

      @Override
      public boolean next() {
        return ++i < list.size();
      }

      @Override
      public Series at() {
        return list.get(i);
      }
    };
  }

  SeriesSet EMPTY = new SeriesSet() {
    @Override public boolean next() { return false; }
    @Override public Series at() { throw new IllegalStateException("empty series set"); }
  };
}
