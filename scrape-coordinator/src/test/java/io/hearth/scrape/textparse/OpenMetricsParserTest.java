package io.hearth.scrape.textparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.Labels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenMetricsParserTest {
  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void parsesFamiliesUnitsTimestampsCreatedAndExemplars() {
    String input = "# HELP go_gc_duration_seconds A summary of the GC invocation durations.\n"
        + "# TYPE go_gc_duration_seconds summary\n"
        + "# UNIT go_gc_duration_seconds seconds\n"
        + "go_gc_duration_seconds{quantile=\"0\"} 4.9351e-05\n"
        + "go_gc_duration_seconds_count 99\n"
        + "go_gc_duration_seconds_created 1520872607.123\n"
        + "# TYPE nohelp1 gauge\n"
        + "nohelp1 1 1520879607.789\n"
        + "# TYPE foo counter\n"
        + "foo_total 17.0 1520879607.789 # {id=\"counter-test\"} 5\n"
        + "foo_total{a=\"b\"} 17.0 # {id=\"counter-test\"} 5 123.456\n"
        + "foo_created 1520872607.123\n"
        + "# TYPE hh histogram\n"
        + "hh_bucket{le=\"1\"} 2\n"
        + "hh_bucket{le=\"+Inf\"} 3\n"
        + "# EOF\n";
    List<String> got = PromTextParserTest.render(new OpenMetricsParser(bytes(input)));
    assertEquals(List.of(
        "help go_gc_duration_seconds A summary of the GC invocation durations.",
        "type go_gc_duration_seconds summary",
        "unit go_gc_duration_seconds seconds",
        "series go_gc_duration_seconds{quantile=\"0\"} => go_gc_duration_seconds{quantile=\"0.0\"} 4.9351E-5",
        "series go_gc_duration_seconds_count => go_gc_duration_seconds_count{} 99.0",
        "series go_gc_duration_seconds_created => go_gc_duration_seconds_created{} 1.520872607123E9",
        "type nohelp1 gauge",
        "series nohelp1 => nohelp1{} 1.0 @1520879607789",
        "type foo counter",
        "series foo_total => foo_total{} 17.0 @1520879607789",
        "series foo_total{a=\"b\"} => foo_total{a=\"b\"} 17.0",
        "series foo_created => foo_created{} 1.520872607123E9",
        "type hh histogram",
        "series hh_bucket{le=\"1\"} => hh_bucket{le=\"1.0\"} 2.0",
        "series hh_bucket{le=\"+Inf\"} => hh_bucket{le=\"+Inf\"} 3.0"), got);
  }

  @Test
  void exemplarCarriesLabelsValueAndMillisecondTimestamp() {
    OpenMetricsParser p = new OpenMetricsParser(bytes("foo_total 17.0 # {id=\"x\",b=\"y\"} 5 123.456\n# EOF\n"));
    assertEquals(Entry.SERIES, p.next());
    Exemplar e = new Exemplar();
    assertTrue(p.exemplar(e));
    assertEquals(Labels.of("id", "x", "b", "y"), e.labels);
    assertEquals(5.0, e.value);
    assertTrue(e.hasTimestamp);
    assertEquals(123456, e.timestamp);
    assertFalse(p.exemplar(e), "only one exemplar per sample");
    assertEquals(Entry.EOF, p.next());
  }

  @Test
  void createdSeriesCanBeSkipped() {
    String input = "# TYPE foo counter\nfoo_total 1\nfoo_created 1520872607.123\n# TYPE g gauge\ng_created 1\n# EOF\n";
    OpenMetricsParser p = new OpenMetricsParser(true).reset(bytes(input), 0, input.length());
    List<String> got = PromTextParserTest.render(p);
    assertEquals(List.of("type foo counter", "series foo_total => foo_total{} 1.0", "type g gauge",
        "series g_created => g_created{} 1.0"), got);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("", "data does not end with # EOF"),
        Arguments.of("\n", "expected a valid start token, got \"\\n\" (\"INVALID\") while parsing: \"\\n\""),
        Arguments.of("metric", "expected value after metric, got \"metric\" (\"EOF\") while parsing: \"metric\""),
        Arguments.of("metric 1", "data does not end with # EOF"),
        Arguments.of("metric 1\n", "data does not end with # EOF"),
        Arguments.of("metric_total 1 # {aa=\"bb\"} 4", "data does not end with # EOF"),
        Arguments.of("a\n#EOF\n", "expected value after metric, got \"\\n\" (\"INVALID\") while parsing: \"a\\n\""),
        Arguments.of(" a 1\n#EOF\n", "expected a valid start token, got \" \" (\"INVALID\") while parsing: \" \""),
        Arguments.of("9\n#EOF\n", "expected a valid start token, got \"9\" (\"INVALID\") while parsing: \"9\""),
        Arguments.of("# TYPE u untyped\n#EOF\n", "invalid metric type \"untyped\""),
        Arguments.of("# TYPE c counter \n#EOF\n", "invalid metric type \"counter \""),
        Arguments.of("#  TYPE c counter\n#EOF\n", "expected a valid start token, got \"#  \" (\"INVALID\") while parsing: \"#  \""),
        Arguments.of("# TYPE \n#EOF\n", "expected metric name after TYPE, got \"\\n\" (\"INVALID\") while parsing: \"# TYPE \\n\""),
        Arguments.of("# TYPE m\n#EOF\n", "expected text in TYPE"),
        Arguments.of("# UNIT metric suffix\n#EOF\n", "unit \"suffix\" not a suffix of metric \"metric\""),
        Arguments.of("# UNIT metricsuffix suffix\n#EOF\n", "unit \"suffix\" not a suffix of metric \"metricsuffix\""),
        Arguments.of("# UNIT m suffix\n#EOF\n", "unit \"suffix\" not a suffix of metric \"m\""),
        Arguments.of("# HELP m\n#EOF\n", "expected text in HELP"),
        Arguments.of("a\t1\n#EOF\n", "expected value after metric, got \"\\t\" (\"INVALID\") while parsing: \"a\\t\""),
        Arguments.of("a 1\t2\n#EOF\n", "strconv.ParseFloat: parsing \"1\\t2\": invalid syntax while parsing: \"a 1\\t2\""),
        Arguments.of("a 1 2 \n#EOF\n", "expected next entry after timestamp, got \" \\n\" (\"INVALID\") while parsing: \"a 1 2 \\n\""),
        Arguments.of("a 1 2 #\n#EOF\n", "expected next entry after timestamp, got \" #\\n\" (\"TIMESTAMP\") while parsing: \"a 1 2 #\\n\""),
        Arguments.of("a 1 1z\n#EOF\n", "strconv.ParseFloat: parsing \"1z\": invalid syntax while parsing: \"a 1 1z\""),
        Arguments.of(" # EOF\n", "expected a valid start token, got \" \" (\"INVALID\") while parsing: \" \""),
        Arguments.of("# EOF\na 1", "unexpected data after # EOF"),
        Arguments.of("# EOF\n\n", "unexpected data after # EOF"),
        Arguments.of("# EOFa 1", "unexpected data after # EOF"),
        Arguments.of("#\tTYPE c counter\n", "expected a valid start token, got \"#\\t\" (\"INVALID\") while parsing: \"#\\t\""),
        Arguments.of("# TYPE c  counter\n", "invalid metric type \" counter\""),
        Arguments.of("a 1 1 1\n# EOF\n", "expected next entry after timestamp, got \" 1\\n\" (\"TIMESTAMP\") while parsing: \"a 1 1 1\\n\""),
        Arguments.of("a{b='c'} 1\n# EOF\n", "expected label value, got \"'\" (\"INVALID\") while parsing: \"a{b='\""),
        Arguments.of("a{,b=\"c\"} 1\n# EOF\n", "expected label name, got \",b\" (\"COMMA\") while parsing: \"a{,b\""),
        Arguments.of("a{b=\"c\"d=\"e\"} 1\n# EOF\n", "expected comma or brace close, got \"d=\" (\"LNAME\") while parsing: \"a{b=\\\"c\\\"d=\""),
        Arguments.of("a{b=\"c\",,d=\"e\"} 1\n# EOF\n", "expected label name, got \",d\" (\"COMMA\") while parsing: \"a{b=\\\"c\\\",,d\""),
        Arguments.of("a{b=\n# EOF\n", "expected label value, got \"\\n\" (\"INVALID\") while parsing: \"a{b=\\n\""),
        Arguments.of("a{\u00ff=\"foo\"} 1\n# EOF\n", "expected label name, got \"\\xff\" (\"INVALID\") while parsing: \"a{\\xff\""),
        Arguments.of("a{b=\"\u00ff\"} 1\n# EOF\n", "invalid UTF-8 label value: \"\\\"\\xff\\\"\""),
        Arguments.of("a true\n", "strconv.ParseFloat: parsing \"true\": invalid syntax while parsing: \"a true\""),
        Arguments.of("something_weird{problem=\"\n# EOF\n", "expected label value, got \"\\\"\\n\" (\"INVALID\") while parsing: \"something_weird{problem=\\\"\\n\""),
        Arguments.of("empty_label_name{=\"\"} 0\n# EOF\n", "expected label name, got \"=\\\"\" (\"EQUAL\") while parsing: \"empty_label_name{=\\\"\""),
        Arguments.of("foo 1_2\n\n# EOF\n", "unsupported character in float while parsing: \"foo 1_2\""),
        Arguments.of("foo 0 1_2\n\n# EOF\n", "unsupported character in float while parsing: \"foo 0 1_2\""),
        Arguments.of("custom_metric_total 1 # {aa=bb}\n# EOF\n", "expected label value, got \"b\" (\"INVALID\") while parsing: \"custom_metric_total 1 # {aa=b\""),
        Arguments.of("custom_metric_total 1 # {aa=\"bb\"}\n# EOF\n", "expected value after exemplar labels, got \"\\n\" (\"INVALID\") while parsing: \"custom_metric_total 1 # {aa=\\\"bb\\\"}\\n\""),
        Arguments.of("custom_metric_total 1 # {aa=\"bb\"}", "expected value after exemplar labels, got \"}\" (\"EOF\") while parsing: \"custom_metric_total 1 # {aa=\\\"bb\\\"}\""),
        Arguments.of("custom_metric_total 1 # {bb}", "expected label name, got \"}\" (\"BCLOSE\") while parsing: \"custom_metric_total 1 # {bb}\""),
        Arguments.of("custom_metric_total 1 # {bb, a=\"dd\"}", "expected label name, got \", \" (\"COMMA\") while parsing: \"custom_metric_total 1 # {bb, \""),
        Arguments.of("custom_metric_total 1 # {aa=\"bb\",,cc=\"dd\"} 1", "expected label name, got \",c\" (\"COMMA\") while parsing: \"custom_metric_total 1 # {aa=\\\"bb\\\",,c\""),
        Arguments.of("custom_metric_total 1 # {aa=\"bb\"} 1_2", "unsupported character in float while parsing: \"custom_metric_total 1 # {aa=\\\"bb\\\"} 1_2\""),
        Arguments.of("custom_metric_total 1 # {aa=\"bb\"} true", "strconv.ParseFloat: parsing \"true\": invalid syntax while parsing: \"custom_metric_total 1 # {aa=\\\"bb\\\"} true\""),
        Arguments.of("custom_metric_total 1 # {aa=\"bb\",cc=}", "expected label value, got \"}\" (\"INVALID\") while parsing: \"custom_metric_total 1 # {aa=\\\"bb\\\",cc=}\""),
        Arguments.of("{b=\"c\",} 1", "metric name not set while parsing: \"{b=\\\"c\\\",} 1\""),
        Arguments.of("a 1 NaN", "invalid timestamp NaN"),
        Arguments.of("a 1 -Inf", "invalid timestamp -Inf"),
        Arguments.of("a 1 Inf", "invalid timestamp +Inf"),
        Arguments.of("# TYPE hhh histogram\nhhh_bucket{le=\"+Inf\"} 1 # {aa=\"bb\"} 4 NaN", "invalid exemplar timestamp NaN"),
        Arguments.of("a{b=\u0000\"ssss\"} 1\n# EOF\n", "expected label value, got \"\\x00\" (\"INVALID\") while parsing: \"a{b=\\x00\""),
        Arguments.of("a{b=\"\u0000", "expected label value, got \"\\\"\\x00\" (\"INVALID\") while parsing: \"a{b=\\\"\\x00\""),
        Arguments.of("#", "expected a valid start token, got \"#\" (\"INVALID\") while parsing: \"#\""),
        Arguments.of("# H", "expected a valid start token, got \"# H\" (\"INVALID\") while parsing: \"# H\""),
        Arguments.of("custom_metric_total 1 # {b=\"\u0000ss\"} 1\n", "expected label value, got \"\\\"\\x00\" (\"INVALID\") while parsing: \"custom_metric_total 1 # {b=\\\"\\x00\""));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedInputFailsWithPrometheusMessage(String input, String message) {
    OpenMetricsParser p = new OpenMetricsParser(bytes(input));
    ParseException e = assertThrows(ParseException.class, () -> {
      while (p.next() != Entry.EOF) {
        // keep going
      }
    });
    assertEquals(message, e.getMessage());
  }

  @Test
  void errorCarriesTheLineOfTheBadEntry() {
    OpenMetricsParser p = new OpenMetricsParser(bytes("# TYPE a gauge\na 1\na{b=\"c\" 2\n# EOF\n"));
    ParseException e = assertThrows(ParseException.class, () -> {
      while (p.next() != Entry.EOF) {
        // keep going
      }
    });
    assertEquals(3, e.line());
    assertEquals("line 3:8: expected comma or brace close, got \" \" (\"INVALID\") while parsing: \"a{b=\\\"c\\\" \"", e.describe());
  }

  @Test
  void nulBytesInLabelValuesAreAccepted() {
    OpenMetricsParser p = new OpenMetricsParser(bytes("null_byte_metric{a=\"abc\u0000\"} 1\n# EOF\n"));
    assertEquals(Entry.SERIES, p.next());
    assertEquals(Entry.EOF, p.next());
  }
}
