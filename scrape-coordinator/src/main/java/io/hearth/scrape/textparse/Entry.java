package io.hearth.scrape.textparse;

/** What {@link Parser#next()} stands on. The enum only grows. */
public enum Entry {
  /** A sample: read {@link Parser#value()}, {@link Parser#labels()}... */
  SERIES,
  /**
   * A native histogram sample (protobuf exposition only): read {@link Parser#histogram()},
   * {@link Parser#labels()}, {@link Parser#timestamp()}...
   */
  HISTOGRAM,
  /** A {@code # TYPE} line: {@link Parser#metricFamily()} and {@link Parser#type()}. */
  TYPE,
  /** A {@code # HELP} line: {@link Parser#metricFamily()} and {@link Parser#help()}. */
  HELP,
  /** An OpenMetrics {@code # UNIT} line: {@link Parser#metricFamily()} and {@link Parser#unit()}. */
  UNIT,
  /** Any other comment line (Prometheus text format only): {@link Parser#comment()}. */
  COMMENT,
  /** The end of the exposition; {@link Parser#next()} keeps returning it. */
  EOF
}
