package io.hearth.scrape.textparse;

/** The exposition formats a scrape can return, by media type. The enum only grows. */
public enum ExpositionFormat {
  /** {@code text/plain}: Prometheus text 0.0.4 / 1.0.0. */
  PROMETHEUS_TEXT("text/plain"),
  /** {@code application/openmetrics-text}: OpenMetrics 1.0 / 0.0.1. */
  OPENMETRICS_TEXT("application/openmetrics-text"),
  /** {@code application/vnd.google.protobuf}: delimited MetricFamily messages. */
  PROMETHEUS_PROTOBUF("application/vnd.google.protobuf");

  private final String mediaType;

  ExpositionFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The format of a bare, lower-case media type, or null. */
  public static ExpositionFormat ofMediaType(String mediaType) {
    for (ExpositionFormat f : values()) {
      if (f.mediaType.equals(mediaType)) return f;
    }
    return null;
  }
}
