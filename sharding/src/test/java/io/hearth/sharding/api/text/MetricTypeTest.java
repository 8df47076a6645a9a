package io.hearth.sharding.api.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link MetricType}: Prometheus's names and remote write's numbers for the same types. */
class MetricTypeTest {
  @Test
  void namesTypesAsPrometheusWritesThem() {
    assertEquals("unknown", MetricType.UNKNOWN.text());
    assertEquals("counter", MetricType.COUNTER.text());
    assertEquals("gaugehistogram", MetricType.GAUGE_HISTOGRAM.text());
    assertEquals("stateset", MetricType.STATESET.toString());
  }

  @Test
  void numbersTypesAsRemoteWriteDoes() {
    // prompb MetricMetadata.MetricType: UNKNOWN=0 COUNTER=1 GAUGE=2 HISTOGRAM=3 GAUGEHISTOGRAM=4 SUMMARY=5 INFO=6 STATESET=7.
    MetricType[] wire = {MetricType.UNKNOWN, MetricType.COUNTER, MetricType.GAUGE, MetricType.HISTOGRAM,
        MetricType.GAUGE_HISTOGRAM, MetricType.SUMMARY, MetricType.INFO, MetricType.STATESET};
    for (int n = 0; n < wire.length; n++) {
      assertEquals(n, wire[n].number());
      assertEquals(wire[n], MetricType.ofNumber(n));
    }
  }

  @Test
  void numbersItDoesNotKnowReadAsUnknown() {
    assertEquals(MetricType.UNKNOWN, MetricType.ofNumber(8));
    assertEquals(MetricType.UNKNOWN, MetricType.ofNumber(-1));
    assertEquals(MetricType.UNKNOWN, MetricType.ofNumber(Long.MAX_VALUE));
  }
}
