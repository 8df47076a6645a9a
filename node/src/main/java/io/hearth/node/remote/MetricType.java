package io.hearth.node.remote;

/**
 * A metric family's type as remote write carries it. Both protocol versions number these alike
 * (1.0 {@code MetricMetadata.MetricType}, 2.0 {@code Metadata.MetricType}); unknown numbers read
 * as {@link #UNKNOWN}. The enum only grows.
 */
public enum MetricType {
  UNKNOWN, COUNTER, GAUGE, HISTOGRAM, GAUGEHISTOGRAM, SUMMARY, INFO, STATESET;

  private static final MetricType[] BY_NUMBER = values();

  /** The wire number (0 to 7). */
  public int number() {
    return ordinal();
  }

  public static MetricType ofNumber(long n) {
    return n >= 0 && n < BY_NUMBER.length ? BY_NUMBER[(int) n] : UNKNOWN;
  }
}
