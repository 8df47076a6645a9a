package io.hearth.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0, 0s",
    "5m, 300000, 5m",
    "1h30m, 5400000, 1h30m",
    "90m, 5400000, 1h30m",
    "1y, 31536000000, 1y",
    "2w, 1209600000, 2w",
    "10d, 864000000, 10d",
    "14d, 1209600000, 2w",
    "1s500ms, 1500, 1s500ms",
    "1ms, 1, 1ms",
    "366d, 31622400000, 366d",
  })
  void parsesAndFormatsAsPrometheus(String text, long ms, String formatted) {
    assertEquals(ms, Durations.parse(text));
    assertEquals(formatted, Durations.format(ms));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "''| empty duration string",
    "1.5h| unknown unit \".\" in duration \"1.5h\"",
    "1m1h| not a valid duration string: \"1m1h\"",
    "h| not a valid duration string: \"h\"",
    "5| not a valid duration string: \"5\"",
    "3x| unknown unit \"x\" in duration \"3x\"",
    "999999999y| duration out of range",
  })
  void rejectsMalformedDurationsWithPrometheusMessages(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertEquals(message, e.getMessage());
  }
}
