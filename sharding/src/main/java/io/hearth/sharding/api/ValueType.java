package io.hearth.sharding.api;

/** What a {@link SampleIterator} is positioned on. The enum only grows. */
public enum ValueType {
  /** Exhausted: no sample. */
  NONE,
  /** A float sample: read {@link SampleIterator#atV()}. */
  FLOAT,
  /** A native histogram sample: read {@link SampleIterator#atHistogram(FloatHistogram)}. */
  HISTOGRAM
}
