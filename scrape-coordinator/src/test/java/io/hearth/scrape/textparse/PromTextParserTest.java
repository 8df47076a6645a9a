package io.hearth.scrape.textparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PromTextParserTest {
  static List<String> render(Parser p) {
    List<String> out = new ArrayList<>();
    for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
      switch (e) {
        case SERIES:
          String m = new String(p.seriesBytes(), p.seriesOffset(), p.seriesLength(), StandardCharsets.UTF_8);
          out.add("series " + m + " => " + p.labels() + " " + p.value() + (p.hasTimestamp() ? " @" + p.timestamp() : ""));
          break;
        case HELP: out.add("help " + p.metricFamily() + " " + p.help()); break;
        case TYPE: out.add("type " + p.metricFamily() + " " + p.type()); break;
        case UNIT: out.add("unit " + p.metricFamily() + " " + p.unit()); break;
        case COMMENT: out.add("comment " + p.comment()); break;
        default: throw new AssertionError(e);
      }
    }
    return out;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void parsesSamplesMetadataAndCommentsAsPrometheus() {
    String input = "# HELP go_gc_duration_seconds A summary of the GC invocation durations.\n"
        + "# \tTYPE go_gc_duration_seconds summary\n"
        + "go_gc_duration_seconds{quantile=\"0\"} 4.9351e-05\n"
        + "go_gc_duration_seconds{quantile=\"0.25\",} 7.424100000000001e-05\n"
        + "go_gc_duration_seconds{ quantile=\"0.9\", a=\"b\"} 8.3835e-05\n"
        + "# Hrandom comment starting with prefix of HELP\n"
        + "#\n"
        + "wind_speed{A=\"2\",c=\"3\"} 12345\n"
        + "# HELP nohelp1\n"
        + "# HELP nohelp2 \n"
        + "go_gc_duration_seconds { quantile = \"2.0\" a = \"b\" } 8.3835e-05\n"
        + "some:aggregate:rate5m{a_b=\"c\"}\t1\n"
        + "go_goroutines 33  \t123123\n"
        + "testmetric{label=\"\\\"bar\\\"\"} 1\n"
        + "# HELP esc a \\\\ b \\n c \\\" d\n"
        + "{\"go.gc\",quantile=\"1\"} 2 10";
    List<String> got = render(new PromTextParser(input.getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of(
        "help go_gc_duration_seconds A summary of the GC invocation durations.",
        "type go_gc_duration_seconds summary",
        "series go_gc_duration_seconds{quantile=\"0\"} => go_gc_duration_seconds{quantile=\"0.0\"} 4.9351E-5",
        "series go_gc_duration_seconds{quantile=\"0.25\",} => go_gc_duration_seconds{quantile=\"0.25\"} 7.424100000000001E-5",
        "series go_gc_duration_seconds{ quantile=\"0.9\", a=\"b\"} => go_gc_duration_seconds{a=\"b\", quantile=\"0.9\"} 8.3835E-5",
        "comment # Hrandom comment starting with prefix of HELP",
        "comment #",
        "series wind_speed{A=\"2\",c=\"3\"} => wind_speed{A=\"2\", c=\"3\"} 12345.0",
        "help nohelp1 ",
        "help nohelp2 ",
        "series go_gc_duration_seconds { quantile = \"2.0\" a = \"b\" } => go_gc_duration_seconds{a=\"b\", quantile=\"2.0\"} 8.3835E-5",
        "series some:aggregate:rate5m{a_b=\"c\"} => some:aggregate:rate5m{a_b=\"c\"} 1.0",
        "series go_goroutines => go_goroutines{} 33.0 @123123",
        "series testmetric{label=\"\\\"bar\\\"\"} => testmetric{label=\"\\\"bar\\\"\"} 1.0",
        "help esc a \\ b \n c \\\" d",
        "series {\"go.gc\",quantile=\"1\"} => go.gc{quantile=\"1.0\"} 2.0 @10"), got);
  }

  @Test
  void parsesSpecialFloatValues() {
    PromTextParser p = new PromTextParser(bytes("a +Inf\nb -Inf\nc NaN\nd 1e3\ne -0.5\nf inf\n"));
    double[] want = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1000, -0.5, Double.POSITIVE_INFINITY};
    for (double w : want) {
      assertEquals(Entry.SERIES, p.next());
      assertEquals(w, p.value());
    }
    assertEquals(Entry.EOF, p.next());
  }

  @Test
  void nanIsPrometheusNormalNanNotTheStaleMarker() {
    PromTextParser p = new PromTextParser(bytes("a NaN\n"));
    p.next();
    assertEquals(0x7ff8000000000001L, Double.doubleToRawLongBits(p.value()));
  }

  @Test
  void promTextHasNoExemplars() {
    PromTextParser p = new PromTextParser(bytes("a 1\n"));
    p.next();
    assertFalse(p.exemplar(new Exemplar()));
  }

  @Test
  void nulBytesInsideLabelValuesAndHelpAreKept() {
    PromTextParser p = new PromTextParser(bytes("# HELP metric foo\u0000bar\nnull_byte_metric{a=\"abc\u0000\"} 1"));
    assertEquals(Entry.HELP, p.next());
    assertEquals("foo\u0000bar", p.help());
    assertEquals(Entry.SERIES, p.next());
    assertEquals("abc\u0000", p.labels().get("a"));
    assertEquals(Entry.EOF, p.next());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("a", "expected value after metric, got \"\\n\" (\"INVALID\") while parsing: \"a\\n\"", 1),
        Arguments.of("a{b='c'} 1\n", "expected label value, got \"'\" (\"INVALID\") while parsing: \"a{b='\"", 1),
        Arguments.of("a{b=\n", "expected label value, got \"\\n\" (\"INVALID\") while parsing: \"a{b=\\n\"", 1),
        Arguments.of("a{\u00ff=\"foo\"} 1\n", "expected label name, got \"\\xff\" (\"INVALID\") while parsing: \"a{\\xff\"", 1),
        Arguments.of("a{b=\"\u00ff\"} 1\n", "invalid UTF-8 label value: \"\\\"\\xff\\\"\"", 1),
        Arguments.of("{\"a\", \"b = \"c\"}", "expected equal, got \"c\\\"\" (\"LNAME\") while parsing: \"{\\\"a\\\", \\\"b = \\\"c\\\"\"", 1),
        Arguments.of("{\"a\",b\\nc=\"d\"} 1", "expected equal, got \"\\\\\" (\"INVALID\") while parsing: \"{\\\"a\\\",b\\\\\"", 1),
        Arguments.of("a true\n", "strconv.ParseFloat: parsing \"true\": invalid syntax while parsing: \"a true\"", 1),
        Arguments.of("something_weird{problem=\"", "expected label value, got \"\\\"\\n\" (\"INVALID\") while parsing: \"something_weird{problem=\\\"\\n\"", 1),
        Arguments.of("empty_label_name{=\"\"} 0", "expected label name, got \"=\\\"\" (\"EQUAL\") while parsing: \"empty_label_name{=\\\"\"", 1),
        Arguments.of("foo 1_2\n", "unsupported character in float while parsing: \"foo 1_2\"", 1),
        Arguments.of("foo 0x1p-3\n", "unsupported character in float while parsing: \"foo 0x1p-3\"", 1),
        Arguments.of("foo 0 1_2\n", "expected next entry after timestamp, got \"_\" (\"INVALID\") while parsing: \"foo 0 1_\"", 1),
        Arguments.of("{a=\"ok\"} 1", "metric name not set while parsing: \"{a=\\\"ok\\\"} 1\"", 1),
        Arguments.of("# TYPE #\n#EOF\n", "expected metric name after TYPE, got \"#\" (\"INVALID\") while parsing: \"# TYPE #\"", 1),
        Arguments.of("# HELP #\n#EOF\n", "expected metric name after HELP, got \"#\" (\"INVALID\") while parsing: \"# HELP #\"", 1),
        Arguments.of("a{b=\u0000\"ssss\"} 1\n", "expected label value, got \"\\x00\" (\"INVALID\") while parsing: \"a{b=\\x00\"", 1),
        Arguments.of("a{b=\"\u0000", "expected label value, got \"\\\"\\x00\\n\" (\"INVALID\") while parsing: \"a{b=\\\"\\x00\\n\"", 1),
        Arguments.of("a{b\u0000=\"hiih\"}\t1", "expected equal, got \"\\x00\" (\"INVALID\") while parsing: \"a{b\\x00\"", 1),
        Arguments.of("a\u0000{b=\"ddd\"} 1", "expected value after metric, got \"\\x00\" (\"INVALID\") while parsing: \"a\\x00\"", 1),
        Arguments.of("a 0 1\u0000", "expected next entry after timestamp, got \"\\x00\" (\"INVALID\") while parsing: \"a 0 1\\x00\"", 1),
        Arguments.of("# TYPE a gauge\na 1\n# TYPE b bogus\n", "invalid metric type \"bogus\"", 3),
        Arguments.of("ok 1\nok 2\n\nbad{x=\"1\" 3\n", "expected label name, got \"3\" (\"INVALID\") while parsing: \"bad{x=\\\"1\\\" 3\"", 4),
        Arguments.of("a 1 99999999999999999999\n", "strconv.ParseInt: parsing \"99999999999999999999\": value out of range while parsing: \"a 1 99999999999999999999\"", 1),
        Arguments.of("a 1 2 3\n", "expected next entry after timestamp, got \"3\\n\" (\"TIMESTAMP\") while parsing: \"a 1 2 3\\n\"", 1));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedInputFailsWithPrometheusMessageAndLine(String input, String message, int line) {
    PromTextParser p = new PromTextParser(bytes(input));
    ParseException e = assertThrows(ParseException.class, () -> {
      while (p.next() != Entry.EOF) {
        // keep going
      }
    });
    assertEquals(message, e.getMessage());
    assertEquals(line, e.line());
    assertTrue(e.describe().startsWith("line " + line + ":"));
  }

  @Test
  void duplicateLabelNamesAreRejected() {
    PromTextParser p = new PromTextParser(bytes("a{x=\"1\",x=\"2\"} 1\n"));
    p.next();
    ParseException e = assertThrows(ParseException.class, p::labels);
    assertEquals("label name \"x\" is not unique: invalid sample", e.getMessage());
  }

  @Test
  void resetReusesTheParserOverASlice() {
    byte[] b = bytes("xxa 1\nyy");
    PromTextParser p = new PromTextParser().reset(b, 2, 4);
    assertEquals(Entry.SERIES, p.next());
    assertEquals(Labels.of("__name__", "a"), p.labels());
    assertEquals(Entry.EOF, p.next());
  }
}
