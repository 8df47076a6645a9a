package io.hearth.node.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hearth.node.otlp.MetricNamer.Kind;
import io.hearth.scrape.config.OtlpConfig.TranslationStrategy;
import org.junit.jupiter.api.Test;

/**
 * Metric and label names as Prometheus 3's OTLP translation gives them, one row per case of its
 * documentation and its translator's rules: unit words, {@code _per_} units, {@code _total} for
 * monotonic sums only, {@code _ratio} for gauges of unit 1 only, suffixes not doubled, braces
 * ignored, escaping, a leading digit, and the UTF-8 strategies.
 */
class OtlpNamingTest {
  record Case(String name, String unit, Kind kind, String want) {}

  static final Case[] ESCAPED_WITH_SUFFIXES = {
      new Case("http.server.request.duration", "s", Kind.HISTOGRAM, "http_server_request_duration_seconds"),
      new Case("requests", "", Kind.MONOTONIC_COUNTER, "requests_total"),
      new Case("requests_total", "", Kind.MONOTONIC_COUNTER, "requests_total"),
      new Case("requests.count", "1", Kind.MONOTONIC_COUNTER, "requests_count_total"),
      new Case("cpu_usage", "1", Kind.GAUGE, "cpu_usage_ratio"),
      new Case("cpu_usage_ratio", "1", Kind.GAUGE, "cpu_usage_ratio"),
      new Case("items", "1", Kind.MONOTONIC_COUNTER, "items_total"),
      new Case("response_time", "ms", Kind.GAUGE, "response_time_milliseconds"),
      new Case("memory.usage", "By", Kind.GAUGE, "memory_usage_bytes"),
      new Case("requests", "1/s", Kind.GAUGE, "requests_per_second"),
      new Case("throughput", "By/s", Kind.GAUGE, "throughput_bytes_per_second"),
      new Case("custom_metric", "custom_unit", Kind.GAUGE, "custom_metric_custom_unit"),
      new Case("custom_metric", "{custom}", Kind.GAUGE, "custom_metric"),
      new Case("custom_metric", "By/{custom}", Kind.GAUGE, "custom_metric_bytes"),
      new Case("response_time_seconds", "s", Kind.GAUGE, "response_time_seconds"),
      new Case("metric__with__multiple__underscores", "unit__multiple__underscores", Kind.GAUGE,
          "metric_with_multiple_underscores_unit_multiple_underscores"),
      new Case("custom_metric", "unit@with#special/chars", Kind.GAUGE, "custom_metric_unit_with_special_per_chars"),
      new Case("@#$%", "", Kind.GAUGE, ""),
      new Case("request_size", "By", Kind.EXPONENTIAL_HISTOGRAM, "request_size_bytes"),
      new Case("response_time", "ms", Kind.SUMMARY, "response_time_milliseconds"),
      new Case("active_connections", "", Kind.NON_MONOTONIC_COUNTER, "active_connections"),
      new Case("uptime", "d", Kind.GAUGE, "uptime_days"),
      new Case("temperature", "Cel", Kind.GAUGE, "temperature_celsius"),
      new Case("disk.io", "By", Kind.MONOTONIC_COUNTER, "disk_io_bytes_total"),
      new Case("123_requests", "", Kind.MONOTONIC_COUNTER, "_123_requests_total"),
      new Case("system.cpu.time", "s", Kind.MONOTONIC_COUNTER, "system_cpu_time_seconds_total"),
      new Case("queue:depth", "{item}", Kind.GAUGE, "queue:depth"),
  };

  static final Case[] ESCAPED_WITHOUT_SUFFIXES = {
      new Case("simple_metric", "", Kind.GAUGE, "simple_metric"),
      new Case("metric@with#special$chars", "", Kind.GAUGE, "metric_with_special_chars"),
      new Case("123metric", "", Kind.GAUGE, "_123metric"),
      new Case("metric@@##$$name", "", Kind.GAUGE, "metric_name"),
      new Case("http.requests", "s", Kind.MONOTONIC_COUNTER, "http_requests"),
  };

  static final Case[] UTF8_WITH_SUFFIXES = {
      new Case("requêsts", "", Kind.MONOTONIC_COUNTER, "requêsts_total"),
      new Case("cpu_usagé", "1", Kind.GAUGE, "cpu_usagé_ratio"),
      new Case("respønse_time", "ms", Kind.GAUGE, "respønse_time_milliseconds"),
      new Case("requêsts", "1/s", Kind.GAUGE, "requêsts_per_second"),
      new Case("requests_total", "", Kind.MONOTONIC_COUNTER, "requests_total"),
      new Case("cpu_seconds_total", "s", Kind.MONOTONIC_COUNTER, "cpu_seconds_total"),
      new Case("http.server.duration", "s", Kind.HISTOGRAM, "http.server.duration_seconds"),
      new Case("@#$%", "", Kind.MONOTONIC_COUNTER, "@#$%_total"),
  };

  static final Case[] NO_TRANSLATION = {
      new Case("http.server.duration", "s", Kind.HISTOGRAM, "http.server.duration"),
      new Case("requests", "", Kind.MONOTONIC_COUNTER, "requests"),
      new Case("métric_with_ñ_chars", "", Kind.GAUGE, "métric_with_ñ_chars"),
  };

  private static void check(TranslationStrategy s, Case[] cases) {
    MetricNamer namer = new MetricNamer(s);
    for (Case c : cases) {
      assertEquals(c.want(), namer.build(c.name(), c.unit(), c.kind()), s + ": " + c);
    }
  }

  @Test
  void underscoreEscapingWithSuffixesAddsUnitTotalAndRatioOnce() {
    check(TranslationStrategy.UnderscoreEscapingWithSuffixes, ESCAPED_WITH_SUFFIXES);
  }

  @Test
  void underscoreEscapingWithoutSuffixesOnlyEscapes() {
    check(TranslationStrategy.UnderscoreEscapingWithoutSuffixes, ESCAPED_WITHOUT_SUFFIXES);
  }

  @Test
  void noUtf8EscapingKeepsTheNameAndAddsSuffixes() {
    check(TranslationStrategy.NoUTF8EscapingWithSuffixes, UTF8_WITH_SUFFIXES);
  }

  @Test
  void noTranslationKeepsTheNameAsSent() {
    check(TranslationStrategy.NoTranslation, NO_TRANSLATION);
  }

  @Test
  void labelNamesAreEscapedPerCharacterAndADigitGetsKeyPrefix() {
    LabelNamer l = new LabelNamer(true);
    String[][] table = {
        {"label:with:colons", "label_with_colons"},
        {"LabelWithCapitalLetters", "LabelWithCapitalLetters"},
        {"label!with&special$chars)", "label_with_special_chars_"},
        {"label_with_foreign_characters_字符", "label_with_foreign_characters___"},
        {"label.with.dots", "label_with_dots"},
        {"123label", "key_123label"},
        {"_label_starting_with_underscore", "_label_starting_with_underscore"},
        {"__label_starting_with_2underscores", "__label_starting_with_2underscores"},
        {"service.instance.id", "service_instance_id"},
    };
    for (String[] row : table) assertEquals(row[1], l.build(row[0]), row[0]);
  }

  @Test
  void labelNamesThatEscapeToNothingAreRefused() {
    LabelNamer l = new LabelNamer(true);
    assertNull(l.build(""));
    assertNull(l.build("__"));
    assertNull(l.build("ようこそ"));
    LabelNamer utf8 = new LabelNamer(false);
    assertEquals("ようこそ", utf8.build("ようこそ"));
    assertEquals("label.with.dots", utf8.build("label.with.dots"));
    assertNull(utf8.build(""));
  }

  @Test
  void bucketBoundsAndQuantilesPrintAsGoFormatsThemWithoutExponent() {
    assertEquals("0.005", OtlpTranslator.formatFloat(0.005));
    assertEquals("1", OtlpTranslator.formatFloat(1.0));
    assertEquals("1000", OtlpTranslator.formatFloat(1000.0));
    assertEquals("0.0000000001", OtlpTranslator.formatFloat(1e-10));
    assertEquals("250000000000000000000", OtlpTranslator.formatFloat(2.5e20));
    assertEquals("0.99", OtlpTranslator.formatFloat(0.99));
  }
}
