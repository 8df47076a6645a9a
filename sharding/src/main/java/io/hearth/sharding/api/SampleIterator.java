package io.hearth.sharding.api;

/**
 * A pull iterator over the samples of one series in timestamp order, with no object per sample.
 *
 * <p>Starts before the first sample; {@link #next()} and {@link #seek(long)} move it and return the
 * kind of sample it now stands on, {@link ValueType#NONE} once exhausted (and forever after). The
 * accessors are valid only while positioned on a sample of that kind. Not thread-safe; one reader.
 */
public interface SampleIterator {
  /** Moves to the next sample. */
  ValueType next();

  /**
   * Moves to the first sample with timestamp {@code >= t}. Never moves backwards: when already on
   * such a sample, stays there.
   */
  ValueType seek(long t);

  /** Timestamp in milliseconds of the current sample. */
  long atT();

  /** Value of the current float sample. Staleness markers are {@link StaleNaN#VALUE}, bit-exact. */
  double atV();

  /**
   * The current histogram sample, written into {@code reuse} when not null (otherwise a new
   * object).
   */
  FloatHistogram atHistogram(FloatHistogram reuse);

  SampleIterator EMPTY = new SampleIterator() {
    @Override public ValueType next() { return ValueType.NONE; }
    @Override public ValueType seek(long t) { return ValueType.NONE; }
    @Override public long atT() { throw new IllegalStateException("exhausted iterator"); }
    @Override public double atV() { throw new IllegalStateException("exhausted iterator"); }
    @Override public FloatHistogram atHistogram(FloatHistogram reuse) { throw new IllegalStateException("exhausted iterator"); }
  };
}
