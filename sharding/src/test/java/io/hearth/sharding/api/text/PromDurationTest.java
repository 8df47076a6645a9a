package io.hearth.sharding.api.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link PromDuration} against Prometheus's {@code model.ParseDuration} and {@code Duration.String}. */
class PromDurationTest {
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
    "1y1w, 32140800000, 372d",
  })
  void parsesAndFormatsAsPrometheus(String text, long ms, String formatted) {
    assertEquals(ms, PromDuration.parseMillis(text));
    assertEquals(Duration.ofMillis(ms), PromDuration.parse(text));
    assertEquals(formatted, PromDuration.format(ms));
    assertEquals(formatted, PromDuration.format(Duration.ofMillis(ms)));
  }

  @Test
  void formatsWeeksAndYearsOnlyWhenTheyDivideTheWhole() {
    assertEquals("1m30s", PromDuration.format(Duration.ofSeconds(90)));
    assertEquals("1w", PromDuration.format(Duration.ofDays(7)));
    assertEquals("8d", PromDuration.format(Duration.ofDays(8)));
    assertEquals("0s", PromDuration.format(Duration.ZERO));
    assertEquals("-1h30m", PromDuration.format(-5_400_000L));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "''| empty duration string| empty duration string",
    "1.5h| unknown unit \".\" in duration \"1.5h\"| not a valid duration string: \"1.5h\"",
    "1m1h| not a valid duration string: \"1m1h\"| not a valid duration string: \"1m1h\"",
    "30m1h| not a valid duration string: \"30m1h\"| not a valid duration string: \"30m1h\"",
    "h| not a valid duration string: \"h\"| not a valid duration string: \"h\"",
    "5| not a valid duration string: \"5\"| not a valid duration string: \"5\"",
    "3x| unknown unit \"x\" in duration \"3x\"| not a valid duration string: \"3x\"",
    "999999999y| duration out of range| duration out of range",
  })
  void rejectsMalformedDurationsWithPrometheusMessagesAndConfigWording(String text, String message, String configMessage) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromDuration.parseMillis(text));
    assertEquals(message, e.getMessage());
    // Prometheus 2.x's configuration calls every malformed string "not a valid duration string".
    IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> PromDuration.parseConfig(text));
    assertEquals(configMessage, c.getMessage());
  }

  @Test
  void configWordingParsesValidDurationsAlike() {
    assertEquals(Duration.ofMinutes(90), PromDuration.parseConfig("1h30m"));
    assertEquals(Duration.ZERO, PromDuration.parseConfig("0"));
  }
}
