package io.hearth.scrape.textparse;

import static io.hearth.scrape.textparse.ProtoBody.bucket;
import static io.hearth.scrape.textparse.ProtoBody.delimited;
import static io.hearth.scrape.textparse.ProtoBody.family;
import static io.hearth.scrape.textparse.ProtoBody.metric;
import static io.hearth.scrape.textparse.ProtoBody.msg;
import static io.hearth.scrape.textparse.ProtoBody.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.scrape.gofmt.GoFloat;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.text.MetricType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProtobufParserTest {
  private static final double STALE = Double.longBitsToDouble(0x7ff0000000000002L);

  /** Every entry as one line: metadata, or labels, raw value bits (or histogram) and timestamp. */
  static List<String> entries(Parser p) {
    List<String> out = new ArrayList<>();
    for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
      String ts = p.hasTimestamp() ? " @" + p.timestamp() : "";
      switch (e) {
        case HELP -> out.add("HELP " + p.metricFamily() + " " + p.help());
        case TYPE -> out.add("TYPE " + p.metricFamily() + " " + p.type());
        case UNIT -> out.add("UNIT " + p.metricFamily() + " " + p.unit());
        case SERIES -> out.add(p.labels() + " " + Long.toHexString(Double.doubleToRawLongBits(p.value())) + ts);
        case HISTOGRAM -> out.add(p.labels() + " " + p.histogram() + ts);
        default -> { }
      }
    }
    return out;
  }

  private static ProtobufParser proto(byte[] body) {
    return proto(body, false, false);
  }

  private static ProtobufParser proto(byte[] body, boolean nativeHist, boolean keepClassic) {
    return new ProtobufParser(nativeHist, keepClassic).reset(body, 0, body.length);
  }

  private static List<String> text(String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return entries(new PromTextParser().reset(b, 0, b.length));
  }

  @Test
  void countersGaugesAndUntypedMatchTheTextFormat() {
    byte[] body = delimited(
        family("c_total", "A counter.", ProtoBody.COUNTER,
            metric("path", "/a\"b\\c\nd", "utf", "ü€").counter(3).timestampMs(1700000000123L),
            metric("path", "x").counter(Double.NaN)),
        family("g", "multi\nline \\ help", ProtoBody.GAUGE,
            metric("k", "inf").gauge(Double.POSITIVE_INFINITY),
            metric("k", "-inf").gauge(Double.NEGATIVE_INFINITY),
            metric("k", "stale").gauge(STALE),
            metric("k", "neg").gauge(-0.0).timestampMs(5),
            metric("k", "big").gauge(1.7976931348623157e308)),
        family("u", "", ProtoBody.UNTYPED, metric().untyped(42)));
    String text = """
        # HELP c_total A counter.
        # TYPE c_total counter
        c_total{path="/a\\"b\\\\c\\nd",utf="ü€"} 3 1700000000123
        c_total{path="x"} NaN
        # HELP g multi\\nline \\\\ help
        # TYPE g gauge
        g{k="inf"} +Inf
        g{k="-inf"} -Inf
        g{k="stale"} NaN
        g{k="neg"} -0 5
        g{k="big"} 1.7976931348623157e308
        # HELP u\s
        # TYPE u untyped
        u 42
        """;
    assertEquals(text(text), entries(proto(body)));
  }

  @Test
  void summariesExpandAsInTheTextFormat() {
    byte[] body = delimited(family("s", "A summary.", ProtoBody.SUMMARY,
        metric("m", "a").summary(10, 1.5, 0.5, 0.25, 0.99, 0.75, 1, 0.9),
        metric("m", "b").summary(0, 0)));
    String text = """
        # HELP s A summary.
        # TYPE s summary
        s_count{m="a"} 10
        s_sum{m="a"} 1.5
        s{m="a",quantile="0.5"} 0.25
        s{m="a",quantile="0.99"} 0.75
        s{m="a",quantile="1"} 0.9
        s_count{m="b"} 0
        s_sum{m="b"} 0
        """;
    assertEquals(text(text), entries(proto(body)));
  }

  @Test
  void classicHistogramsExpandAsInTheTextFormatWithTheInfBucketAdded() {
    byte[] body = delimited(family("h", "A histogram.", ProtoBody.HISTOGRAM,
        metric("x", "1").histogram(msg().varint(1, 7).dbl(2, 12.5).msg(3, bucket(0.1, 1)).msg(3, bucket(1, 4))),
        metric("x", "2").histogram(msg().varint(1, 3).dbl(2, 1).msg(3, bucket(5, 2))
            .msg(3, bucket(Double.POSITIVE_INFINITY, 3)).msg(3, bucket(10, 99))).timestampMs(1234),
        // float counts override the integer ones
        metric("x", "3").histogram(msg().dbl(4, 2.5).dbl(2, 1).msg(3, bucket(1, 0).dbl(4, 1.5)))));
    String text = """
        # HELP h A histogram.
        # TYPE h histogram
        h_count{x="1"} 7
        h_sum{x="1"} 12.5
        h_bucket{x="1",le="0.1"} 1
        h_bucket{x="1",le="1"} 4
        h_bucket{x="1",le="+Inf"} 7
        h_count{x="2"} 3 1234
        h_sum{x="2"} 1 1234
        h_bucket{x="2",le="5"} 2 1234
        h_bucket{x="2",le="+Inf"} 3 1234
        h_count{x="3"} 2.5
        h_sum{x="3"} 1
        h_bucket{x="3",le="1"} 1.5
        h_bucket{x="3",le="+Inf"} 2.5
        """;
    assertEquals(text(text), entries(proto(body)));
  }

  /** An integer native histogram with classic buckets too; positive deltas unpacked, negative packed. */
  private static byte[] nativeBody() {
    ProtoBody h = msg().varint(1, 14).dbl(2, 8.5).msg(3, bucket(1, 5)).msg(3, bucket(Double.POSITIVE_INFINITY, 14))
        .sint(5, 1).dbl(6, 0.001).varint(7, 2)
        .msg(9, span(0, 1)).packedSint(10, 4)
        .msg(12, span(-1, 2)).msg(12, span(2, 3));
    for (long d : new long[] {1, 1, -2, 3, -1}) h.sint(13, d);
    h.msg(15, ProtoBody.timestamp(1600000000, 0)); // created timestamp: ignored
    return delimited(family("nh", "Native.", ProtoBody.HISTOGRAM, metric("a", "b").histogram(h).timestampMs(99)));
  }

  private static FloatHistogram expectedNative() {
    FloatHistogram e = new FloatHistogram();
    e.schema = 1;
    e.zeroThreshold = 0.001;
    e.zeroCount = 2;
    e.count = 14;
    e.sum = 8.5;
    // absolute buckets at -1, 0, 3, 4, 5 are 1, 2, 0, 3, 2: the empty one goes, the spans split
    e.positiveSpans = new int[] {-1, 2, 3, 2};
    e.positiveBuckets = new double[] {1, 2, 3, 2};
    e.negativeSpans = new int[] {0, 1};
    e.negativeBuckets = new double[] {4};
    return e;
  }

  @Test
  void integerNativeHistogramsAreDecodedAndCompacted() {
    ProtobufParser p = proto(nativeBody(), true, false);
    assertEquals(Entry.HELP, p.next());
    assertEquals(Entry.TYPE, p.next());
    assertEquals(MetricType.HISTOGRAM, p.type());
    assertEquals(Entry.HISTOGRAM, p.next());
    assertEquals(Labels.of("__name__", "nh", "a", "b"), p.labels());
    assertEquals(expectedNative(), p.histogram());
    assertTrue(p.hasTimestamp());
    assertEquals(99, p.timestamp());
    assertEquals(Entry.EOF, p.next());
    assertEquals(Entry.EOF, p.next());
  }

  @Test
  void nativeHistogramsAlsoGiveClassicSeriesWhenKept() {
    List<String> got = entries(proto(nativeBody(), true, true));
    List<String> want = new ArrayList<>(List.of("HELP nh Native.", "TYPE nh histogram",
        Labels.of("__name__", "nh", "a", "b") + " " + expectedNative() + " @99"));
    want.addAll(text("""
        # TYPE nh histogram
        nh_count{a="b"} 14 99
        nh_sum{a="b"} 8.5 99
        nh_bucket{a="b",le="1"} 5 99
        nh_bucket{a="b",le="+Inf"} 14 99
        """).subList(1, 5));
    assertEquals(want, got);
  }

  @Test
  void nativeHistogramsAreReadAsClassicWhenNativeScrapingIsOff() {
    assertEquals(text("""
        # HELP nh Native.
        # TYPE nh histogram
        nh_count{a="b"} 14 99
        nh_sum{a="b"} 8.5 99
        nh_bucket{a="b",le="1"} 5 99
        nh_bucket{a="b",le="+Inf"} 14 99
        """), entries(proto(nativeBody(), false, true)));
  }

  @Test
  void floatGaugeHistogramsAndNoOpSpans() {
    byte[] body = delimited(
        family("fh", "", ProtoBody.GAUGE_HISTOGRAM, metric().histogram(msg().dbl(4, 5.5).dbl(2, -3).sint(5, -2)
            .dbl(8, 0.5).msg(12, span(3, 3)).packedDouble(14, 2.0, 0, 3.0))),
        family("empty", "", ProtoBody.HISTOGRAM, metric().histogram(msg().msg(12, span(0, 0)))));
    ProtobufParser p = proto(body, true, false);
    assertEquals(Entry.HELP, p.next());
    assertEquals(Entry.TYPE, p.next());
    assertEquals(MetricType.GAUGE_HISTOGRAM, p.type());
    assertEquals(Entry.HISTOGRAM, p.next());
    FloatHistogram e = new FloatHistogram();
    e.counterResetHint = FloatHistogram.CounterResetHint.GAUGE;
    e.schema = -2;
    e.count = 5.5;
    e.sum = -3;
    e.zeroCount = 0.5;
    e.positiveSpans = new int[] {3, 1, 1, 1};
    e.positiveBuckets = new double[] {2, 3};
    assertEquals(e, p.histogram());
    assertFalse(p.hasTimestamp());
    assertEquals(Entry.HELP, p.next());
    assertEquals(Entry.TYPE, p.next());
    assertEquals(Entry.HISTOGRAM, p.next(), "a no-op span marks a native histogram without observations");
    assertEquals(new FloatHistogram(), p.histogram());
    assertEquals(Entry.EOF, p.next());
  }

  @Test
  void helpUnitAndTypeEntriesAndEmptyFamiliesSkipped() {
    byte[] body = delimited(family("none", "skipped", ProtoBody.GAUGE),
        family("req_duration_seconds", "Time.", ProtoBody.GAUGE, metric().gauge(1)).str(5, "seconds"),
        family("io_bytes_total", null, ProtoBody.COUNTER, metric().counter(2)).str(5, "bytes"));
    assertEquals(List.of("HELP req_duration_seconds Time.", "UNIT req_duration_seconds seconds",
        "TYPE req_duration_seconds gauge", Labels.of("__name__", "req_duration_seconds") + " 3ff0000000000000",
        "HELP io_bytes_total ", "UNIT io_bytes_total bytes", "TYPE io_bytes_total counter",
        Labels.of("__name__", "io_bytes_total") + " 4000000000000000").toString(), entries(proto(body)).toString());
  }

  @Test
  void valuesAreNeverStalenessMarkers() {
    ProtobufParser p = proto(delimited(family("g", "", ProtoBody.GAUGE, metric().gauge(STALE))));
    p.next();
    p.next();
    p.next();
    assertEquals(Double.doubleToRawLongBits(GoFloat.NORMAL_NAN), Double.doubleToRawLongBits(p.value()));
  }

  @Test
  void seriesKeysAreDistinctPerSeriesAndStableAcrossScrapes() {
    byte[] body = delimited(family("h", "", ProtoBody.HISTOGRAM,
            metric("x", "1").histogram(msg().varint(1, 7).dbl(2, 1).msg(3, bucket(0.1, 1)).msg(3, bucket(1, 4)))),
        family("h_count", "", ProtoBody.GAUGE, metric("x", "2").gauge(1)),
        family("s", "", ProtoBody.SUMMARY, metric("x", "1").summary(1, 1, 0.5, 1, 0.9, 1)));
    Set<String> first = keys(proto(body));
    assertEquals(10, first.size());
    assertEquals(first, keys(proto(body)));
  }

  private static Set<String> keys(Parser p) {
    Set<String> out = new HashSet<>();
    for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
      if (e == Entry.SERIES || e == Entry.HISTOGRAM) {
        out.add(new String(p.seriesBytes(), p.seriesOffset(), p.seriesLength(), StandardCharsets.ISO_8859_1));
      }
    }
    return out;
  }

  @Test
  void exemplarsAreReadOncePerSample() {
    ProtoBody ex = msg().msg(1, msg().str(1, "trace_id").str(2, "abc")).dbl(2, 1.5)
        .msg(3, ProtoBody.timestamp(1700000000, 500_000_000));
    byte[] body = delimited(family("c_total", "", ProtoBody.COUNTER,
        metric().msg(3, msg().dbl(1, 7).msg(2, ex).msg(3, ProtoBody.timestamp(1, 0)))));
    ProtobufParser p = proto(body);
    p.next();
    p.next();
    assertEquals(Entry.SERIES, p.next());
    assertEquals(7, p.value());
    Exemplar e = new Exemplar();
    assertTrue(p.exemplar(e));
    assertEquals(Labels.of("trace_id", "abc"), e.labels);
    assertEquals(1.5, e.value);
    assertTrue(e.hasTimestamp);
    assertEquals(1700000000500L, e.timestamp);
    assertFalse(p.exemplar(e));
    assertEquals(Entry.EOF, p.next(), "the created timestamp gives no _created series");
  }

  @Test
  void malformedBodiesFailWithPrometheusMessages() {
    byte[] truncated = delimited(family("a", "", ProtoBody.GAUGE, metric().gauge(1)));
    byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length - 3);
    ParseException e = assertThrows(ParseException.class, () -> entries(proto(cut)));
    assertEquals("protobufparse: insufficient length of buffer, expected at least " + (truncated.length - 1)
        + " bytes, got " + (cut.length - 1) + " bytes", e.getMessage());
    assertEquals(e.getMessage(), e.describe(), "no line numbers in protobuf");

    e = assertThrows(ParseException.class, () -> entries(proto(delimited(family("a", "", 9, metric().gauge(1))))));
    assertEquals("unknown metric type for metric \"a\": 9", e.getMessage());

    e = assertThrows(ParseException.class, () -> entries(proto(delimited(
        family("a_total", "", ProtoBody.COUNTER, metric().counter(1)).str(5, "seconds")))));
    assertEquals("unit \"seconds\" not a suffix of counter \"a_total\"", e.getMessage());

    e = assertThrows(ParseException.class, () -> entries(proto(delimited(family("", "", ProtoBody.GAUGE, metric().gauge(1))))));
    assertEquals("invalid metric name: ", e.getMessage());

    e = assertThrows(ParseException.class, () -> entries(proto(delimited(
        family("a", "", ProtoBody.GAUGE, metric("x", "1", "x", "2").gauge(1))))));
    assertEquals("label name \"x\" is not unique: invalid sample", e.getMessage());

    // a metric whose gauge message claims more bytes than it has
    ProtoBody bad = msg().bytes(2, new byte[] {9, 1, 2});
    e = assertThrows(ParseException.class, () -> entries(proto(delimited(family("a", "", ProtoBody.GAUGE, bad)))));
    assertEquals("unexpected EOF", e.getMessage());

    // wrong wire type for a known field
    e = assertThrows(ParseException.class, () -> entries(proto(delimited(
        family("a", "", ProtoBody.GAUGE, msg().varint(6, 1).msg(2, msg().varint(1, 3)))))));
    assertEquals("proto: wrong wireType = 0 for field Value", e.getMessage());

    e = assertThrows(ParseException.class, () -> entries(proto(delimited(
        family("a", "", ProtoBody.HISTOGRAM, metric().histogram(msg().msg(12, span(0, 2)).sint(13, 1)))), true, false)));
    assertEquals("positive side: spans need 2 buckets, have 1 buckets: histogram spans specify different number "
        + "of buckets than provided", e.getMessage());
  }

  @Test
  void contentNegotiationPicksTheProtobufParser() {
    ContentNegotiation.Choice c = ContentNegotiation.choose(ProtoBody.CONTENT_TYPE, null);
    assertEquals(ExpositionFormat.PROMETHEUS_PROTOBUF, c.format());
    byte[] body = delimited(family("g", "", ProtoBody.GAUGE, metric().gauge(1)));
    Parser p = ContentNegotiation.parserFor(c.format(), body, 0, body.length);
    assertTrue(p instanceof ProtobufParser);
    assertEquals(List.of("HELP g ", "TYPE g gauge", Labels.of("__name__", "g") + " 3ff0000000000000"), entries(p));
  }
}
