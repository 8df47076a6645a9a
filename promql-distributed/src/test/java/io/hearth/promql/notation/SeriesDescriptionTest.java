package io.hearth.promql.notation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StaleNaN;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesDescriptionTest {
  private static String values(String s) {
    StringBuilder b = new StringBuilder();
    for (SequenceValue v : SeriesDescription.values(s)) {
      if (b.length() > 0) b.append(' ');
      b.append(v);
    }
    return b.toString();
  }

  @Test
  void valueNotationExpandsAsReadmeTable() {
    String[][] table = {
      {"7 -2.5 1e3 .8 Inf +Inf -Inf NaN inf", "7 -2.5 1000 0.8 +Inf +Inf -Inf NaN +Inf"},
      {"_ _x3 1", "_ _ _ _ 1"},
      {"1x3", "1 1 1 1"},
      {"0+10x3", "0 10 20 30"},
      {"-2+4x3", "-2 2 6 10"},
      {"1-2x4", "1 -1 -3 -5 -7"},
      {"0x3", "0 0 0 0"}, // never hex in a series description
      {"1.5E+2", "150"},
      {"stale 1", "stale 1"},
    };
    for (String[] row : table) assertEquals(row[1], values(row[0]), row[0]);
    assertTrue(StaleNaN.is(SeriesDescription.values("stale").get(0).value()));
  }

  @Test
  void incrementsAccumulateStepByStep() {
    // Prometheus adds the step repeatedly; 0.1 ten times is not exactly 1.
    List<SequenceValue> v = SeriesDescription.values("0+0.1x10");
    double cur = 0;
    for (int i = 0; i < 10; i++) cur += 0.1;
    assertEquals(cur, v.get(10).value());
  }

  @Test
  void histogramItemsExpand() {
    List<SequenceValue> v = SeriesDescription.values(
        "{{schema:0 sum:4 count:4 buckets:[1 2 1]}}+{{sum:2 count:1 buckets:[1] offset:1}}x2 {{}}x1");
    assertEquals(5, v.size());
    FloatHistogram last = v.get(2).histogram();
    assertEquals(6, last.count);
    assertEquals(8, last.sum);
    assertEquals("{{count:6 sum:8 buckets:[1 4 1]}}", HistogramText.format(last));
    assertEquals("{{count:0 sum:0}}", v.get(4).toString());
  }

  @Test
  void histogramIncrementIsReducedToTheBaseSchema() {
    List<SequenceValue> v = SeriesDescription.values(
        "{{schema:-1 sum:4 count:1 buckets:[1] offset:1}}+{{schema:0 sum:4 count:4 buckets:[2 2] offset:1}}x1");
    // Schema 0 buckets 1 and 2 both fall into schema -1 bucket 1 (upstream expects offset:1 buckets:[5]).
    assertEquals("{{schema:-1 count:5 sum:8 buckets:{1:5}}}", v.get(1).toString());
    assertThrows(IllegalArgumentException.class, () -> SeriesDescription.values(
        "{{schema:1 count:1}}+{{schema:0 count:1}}x1"));
  }

  @Test
  void histogramLiteralReadsEveryKey() {
    HistogramText.Parsed p = HistogramText.parse("{{schema:-53 sum:3 count:4 z_bucket:1 z_bucket_w:0.5 "
        + "buckets:[1 2] offset:1 custom_values:[0.1 0.2 0.3] counter_reset_hint:gauge}}", 0);
    FloatHistogram h = p.histogram();
    assertEquals(-53, h.schema);
    assertEquals(0.5, h.zeroThreshold);
    assertEquals(1, h.zeroCount);
    assertEquals(List.of(1, 2), List.of(h.positiveSpans[0], h.positiveSpans[1]));
    assertEquals(3, h.customValues.length);
    assertEquals(FloatHistogram.CounterResetHint.GAUGE, h.counterResetHint);
    assertTrue(p.hintSet());
    assertThrows(IllegalArgumentException.class, () -> HistogramText.parse("{{bogus:1}}", 0));
  }

  @Test
  void labelsAreExactWithNameAndQuotedNames() {
    SeriesDescription d = SeriesDescription.parse("http_requests{job=\"a b}\", instance=\"0\"} 1 2");
    assertEquals(Labels.of("__name__", "http_requests", "job", "a b}", "instance", "0"), d.labels());
    assertEquals(2, d.values().size());
    assertEquals(Labels.EMPTY, SeriesDescription.parse("{} 1").labels());
    assertEquals(Labels.of("job", "x"), SeriesDescription.parse("{job=\"x\"} 3").labels());
    assertEquals(Labels.of("__name__", "my.metric", "a", "b"), SeriesDescription.parse("{\"my.metric\", a=\"b\"} 1").labels());
    assertEquals(Labels.of("__name__", "expect"), SeriesDescription.parse("expect{} 1").labels());
    assertThrows(IllegalArgumentException.class, () -> SeriesDescription.parse("m{a=~\"x\"} 1"));
  }
}
