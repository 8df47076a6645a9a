package io.hearth.sharding.api;

/** One series of a {@link SeriesSet}: its labels and a way to read its samples. */
public interface Series {
  Labels labels();

  /**
   * An iterator over this series' samples within the bounds of the query that produced it; may
   * reset and return {@code reuse} (which may be null or of another class).
   */
  SampleIterator iterator(SampleIterator reuse);
}
