package io.hearth.scrape.textparse;

import static io.hearth.scrape.textparse.ProtoBody.bucket;
import static io.hearth.scrape.textparse.ProtoBody.delimited;
import static io.hearth.scrape.textparse.ProtoBody.family;
import static io.hearth.scrape.textparse.ProtoBody.metric;
import static io.hearth.scrape.textparse.ProtoBody.msg;
import static io.hearth.scrape.textparse.ProtoBody.span;
import static io.hearth.scrape.textparse.ProtoBody.timestamp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Parser#createdTimestamp()} of the OpenMetrics and protobuf parsers, as Prometheus's {@code CreatedTimestamp()}. */
class CreatedTimestampParseTest {
  /** Every sample as {@code name{labels} value ct=...}, with exemplars, asking for the created timestamp first. */
  private static List<String> samples(Parser p) {
    List<String> out = new ArrayList<>();
    Exemplar ex = new Exemplar();
    for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
      if (e != Entry.SERIES && e != Entry.HISTOGRAM) continue;
      long ct = p.createdTimestamp();
      Labels l = p.labels();
      String s = l + " " + (e == Entry.HISTOGRAM ? "h" : p.value()) + " ct=" + ct;
      if (p.exemplar(ex)) s += " ex=" + ex.labels + ":" + ex.value;
      out.add(s);
    }
    return out;
  }

  private static OpenMetricsParser om(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return new OpenMetricsParser(true).reset(b, 0, b.length);
  }

  @Test
  void openMetricsCreatedLinesGiveEachSampleOfTheirSeriesItsTimestampAndAreNotReturned() {
    List<String> got = samples(om("# TYPE c counter\n"
        + "c_total{a=\"1\"} 5 # {trace=\"t\"} 1\n"
        + "c_created{a=\"1\"} 1000.5\n"
        + "c_total{a=\"2\"} 7\n"
        + "c_created{a=\"2\"} 2000\n"
        + "# TYPE h histogram\n"
        + "h_bucket{x=\"y\",le=\"1\"} 1\n"
        + "h_bucket{x=\"y\",le=\"+Inf\"} 2\n"
        + "h_count{x=\"y\"} 2\n"
        + "h_sum{x=\"y\"} 3\n"
        + "h_created{x=\"y\"} 3000\n"
        + "# TYPE s summary\n"
        + "s{quantile=\"0.5\"} 1\n"
        + "s_count 4\n"
        + "s_sum 8\n"
        + "s_created 4000\n"
        + "# TYPE g gauge\n"
        + "g 1\n"
        + "# EOF\n"));
    assertEquals(List.of(
        "c_total{a=\"1\"} 5.0 ct=1000500 ex={trace=\"t\"}:1.0",
        "c_total{a=\"2\"} 7.0 ct=2000000",
        "h_bucket{le=\"1.0\", x=\"y\"} 1.0 ct=3000000",
        "h_bucket{le=\"+Inf\", x=\"y\"} 2.0 ct=3000000",
        "h_count{x=\"y\"} 2.0 ct=3000000",
        "h_sum{x=\"y\"} 3.0 ct=3000000",
        "s{quantile=\"0.5\"} 1.0 ct=4000000",
        "s_count{} 4.0 ct=4000000",
        "s_sum{} 8.0 ct=4000000",
        "g{} 1.0 ct=0"), got);
  }

  @Test
  void openMetricsCreatedLineOfAnotherSeriesOrFamilyGivesNone() {
    List<String> got = samples(om("# TYPE c counter\n"
        + "c_total{a=\"1\"} 5\n"
        + "c_total{a=\"2\"} 7\n"
        + "c_created{a=\"2\"} 2000\n"
        + "# TYPE d counter\n"
        + "d_total 1\n"
        + "# TYPE e counter\n"
        + "e_created 9\n"
        + "# EOF\n"));
    assertEquals(List.of(
        "c_total{a=\"1\"} 5.0 ct=0",
        "c_total{a=\"2\"} 7.0 ct=2000000",
        "d_total{} 1.0 ct=0"), got);
  }

  @Test
  void readingAheadLeavesMalformedInputToFailWhereItIs() {
    OpenMetricsParser p = om("# TYPE c counter\nc_total 5\nc_created 1\nbad line\n# EOF\n");
    assertEquals(Entry.TYPE, p.next());
    assertEquals(Entry.SERIES, p.next());
    assertEquals(1000, p.createdTimestamp());
    assertEquals(5.0, p.value());
    ParseException e = org.junit.jupiter.api.Assertions.assertThrows(ParseException.class, p::next);
    assertTrue(e.getMessage().contains("bad"), e.getMessage());
    OpenMetricsParser q = om("# TYPE c counter\nc_total 5\nbad line\nc_created 1\n# EOF\n");
    q.next();
    q.next();
    assertEquals(0, q.createdTimestamp(), "what follows does not parse: no created timestamp");
    assertEquals(Labels.of("__name__", "c_total"), q.labels());
    org.junit.jupiter.api.Assertions.assertThrows(ParseException.class, q::next);
  }

  @Test
  void withoutSkippingCreatedLinesAreSeries() {
    byte[] b = "# TYPE c counter\nc_total 5\nc_created 1\n# EOF\n".getBytes(StandardCharsets.UTF_8);
    List<String> got = samples(new OpenMetricsParser().reset(b, 0, b.length));
    assertEquals(2, got.size(), got.toString());
    assertTrue(got.get(1).startsWith("c_created{} 1.0"), got.toString());
  }

  @Test
  void protobufCreatedTimestampsOfCountersSummariesAndHistograms() {
    ProtoBody nativeH = msg().varint(1, 3).dbl(2, 1.5).sint(5, 0).dbl(6, 0.001).varint(7, 1)
        .msg(12, span(0, 1)).packedSint(13, 2).msg(15, timestamp(40, 0));
    byte[] body = delimited(
        family("c_total", "", ProtoBody.COUNTER,
            metric("a", "1").msg(3, msg().dbl(1, 5).msg(3, timestamp(10, 250_000_000))),
            metric("a", "2").counter(6)),
        family("s", "", ProtoBody.SUMMARY,
            metric().msg(4, msg().varint(1, 2).dbl(2, 3).msg(3, msg().dbl(1, 0.5).dbl(2, 1)).msg(4, timestamp(20, 0)))),
        family("h", "", ProtoBody.HISTOGRAM,
            metric().histogram(msg().varint(1, 2).dbl(2, 1).msg(3, bucket(1, 1)).msg(15, timestamp(30, 0)))),
        family("nh", "", ProtoBody.HISTOGRAM, metric().histogram(nativeH)),
        family("g", "", ProtoBody.GAUGE, metric().gauge(1)));
    List<String> got = samples(new ProtobufParser(true, false).reset(body, 0, body.length));
    assertEquals(List.of(
        "c_total{a=\"1\"} 5.0 ct=10250",
        "c_total{a=\"2\"} 6.0 ct=0",
        "s_count{} 2.0 ct=20000",
        "s_sum{} 3.0 ct=20000",
        "s{quantile=\"0.5\"} 1.0 ct=20000",
        "h_count{} 2.0 ct=30000",
        "h_sum{} 1.0 ct=30000",
        "h_bucket{le=\"1.0\"} 1.0 ct=30000",
        "h_bucket{le=\"+Inf\"} 2.0 ct=30000",
        "nh{} h ct=40000",
        "g{} 1.0 ct=0"), got);
  }
}
