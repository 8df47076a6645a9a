package io.hearth.sharding.api.text;

import java.util.Locale;

/**
 * A metric family's type, one enum for every reader: the exposition formats name it in lower case
 * ({@link #text()}: {@code gaugehistogram}, {@code unknown} for untyped), remote write numbers it
 * (1.0 {@code MetricMetadata.MetricType} and 2.0 {@code Metadata.MetricType} alike,
 * {@link #number()}). The declaration order is the wire numbering, so the enum only grows at the end.
 */
public enum MetricType {
  UNKNOWN, COUNTER, GAUGE, HISTOGRAM, GAUGE_HISTOGRAM, SUMMARY, INFO, STATESET;

  private static final MetricType[] BY_NUMBER = values();

  /** Prometheus's name of the type, as the {@code # TYPE} line and the metadata API write it. */
  public String text() {
    return name().toLowerCase(Locale.ROOT).replace("_", "");
  }

  /** The remote-write number (0 to 7). */
  public int number() {
    return ordinal();
  }

  /** The type a remote-write number names; numbers this enum does not know read as {@link #UNKNOWN}. */
  public static MetricType ofNumber(long n) {
    return n >= 0 && n < BY_NUMBER.length ? BY_NUMBER[(int) n] : UNKNOWN;
  }

  @Override
  public String toString() {
    return text();
  }
}
