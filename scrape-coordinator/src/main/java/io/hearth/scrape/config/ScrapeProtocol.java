package io.hearth.scrape.config;

import java.util.List;

/**
 * An exposition format offered during content negotiation, named as in Prometheus's
 * {@code scrape_protocols} (case-sensitive).
 */
public enum ScrapeProtocol {
  PROMETHEUS_PROTO("PrometheusProto", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"),
  PROMETHEUS_TEXT_0_0_4("PrometheusText0.0.4", "text/plain;version=0.0.4"),
  PROMETHEUS_TEXT_1_0_0("PrometheusText1.0.0", "text/plain;version=1.0.0"),
  OPENMETRICS_TEXT_0_0_1("OpenMetricsText0.0.1", "application/openmetrics-text;version=0.0.1"),
  OPENMETRICS_TEXT_1_0_0("OpenMetricsText1.0.0", "application/openmetrics-text;version=1.0.0");

  /** Prometheus's default preference order (without protobuf). */
  public static final List<ScrapeProtocol> DEFAULT = List.of(
      OPENMETRICS_TEXT_1_0_0, OPENMETRICS_TEXT_0_0_1, PROMETHEUS_TEXT_1_0_0, PROMETHEUS_TEXT_0_0_4);
  /** The order used when native histograms are scraped: protobuf first. */
  public static final List<ScrapeProtocol> DEFAULT_PROTO_FIRST = List.of(
      PROMETHEUS_PROTO, OPENMETRICS_TEXT_1_0_0, OPENMETRICS_TEXT_0_0_1, PROMETHEUS_TEXT_1_0_0, PROMETHEUS_TEXT_0_0_4);

  private final String configName;
  private final String header;

  ScrapeProtocol(String configName, String header) {
    this.configName = configName;
    this.header = header;
  }

  public String configName() {
    return configName;
  }

  /** The media range offered in the Accept header, e.g. {@code text/plain;version=0.0.4}. */
  public String header() {
    return header;
  }

  /** The bare media type, e.g. {@code text/plain}. */
  public String mediaType() {
    int semi = header.indexOf(';');
    return semi < 0 ? header : header.substring(0, semi);
  }

  /** The protocol with this exact name, or null. */
  public static ScrapeProtocol fromConfigName(String s) {
    for (ScrapeProtocol p : values()) {
      if (p.configName.equals(s)) return p;
    }
    return null;
  }

  /** Sorted names, as Prometheus lists them in errors. */
  static String supportedList() {
    return "[OpenMetricsText0.0.1 OpenMetricsText1.0.0 PrometheusProto PrometheusText0.0.4 PrometheusText1.0.0]";
  }

  @Override
  public String toString() {
    return configName;
  }
}
