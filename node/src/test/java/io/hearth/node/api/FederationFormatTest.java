package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code /federate}'s content negotiation, as Prometheus 2.42's {@code expfmt.Negotiate}. */
class FederationFormatTest {
  private static final String DELIMITED = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";

  @Test
  void negotiationPicksTheFirstAcceptableRangeByQualityAndFallsBackToText() {
    String[][] table = {
        {null, "TEXT"},
        {"", "TEXT"},
        {"*/*", "TEXT"},
        {DELIMITED, "PROTO_DELIMITED"},
        {"application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", "PROTO_DELIMITED"},
        // what a Prometheus 2.42 scrape sends: protobuf first
        {DELIMITED + ";q=0.7,text/plain;version=0.0.4;q=0.3,*/*;q=0.1", "PROTO_DELIMITED"},
        {"text/plain;version=0.0.4;q=0.5," + DELIMITED + ";q=0.7", "PROTO_DELIMITED"},
        {"text/plain;version=0.0.4;q=0.9," + DELIMITED + ";q=0.7", "TEXT"},
        {"application/vnd.google.protobuf;proto=other.Message;encoding=delimited", "TEXT"},
        {"application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text", "TEXT"},
        {"application/openmetrics-text;version=1.0.0", "TEXT"},
        {"text/plain;version=1.0.0," + DELIMITED + ";q=0.2", "PROTO_DELIMITED"},
    };
    for (String[] row : table) {
      assertEquals(FederationFormat.valueOf(row[1]), FederationFormat.negotiate(row[0]), "Accept: " + row[0]);
    }
  }

  @Test
  void contentTypesAreExpfmtsStrings() {
    assertEquals("text/plain; version=0.0.4; charset=utf-8", FederationFormat.TEXT.contentType());
    assertEquals("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
        FederationFormat.PROTO_DELIMITED.contentType());
  }
}
