package io.hearth.sharding.api.text;

import java.time.Duration;

/**
 * Prometheus's duration syntax ({@code model.ParseDuration} / {@code model.Duration.String}):
 * integer amounts with units {@code y w d h m s ms}, largest first, each at most once
 * ({@code 1h30m}); a bare {@code 0} is allowed. Fractions ({@code 1.5h}) and negative durations are
 * not. A year is 365 days; like Prometheus's nanosecond {@code Duration}, at most about 292 years.
 */
public final class PromDuration {
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] UNIT_MS = {365L * 86_400_000L, 7L * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
  private static final long NANOS_PER_MS = 1_000_000L;

  private PromDuration() {}

  /**
   * Parses a duration into milliseconds.
   *
   * @throws IllegalArgumentException with Prometheus's message: {@code empty duration string},
   *     {@code not a valid duration string: "x"}, {@code unknown unit "u" in duration "x"} or
   *     {@code duration out of range}
   */
  public static long parseMillis(String s) {
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    long totalNanos = 0;
    int lastUnit = -1;
    int i = 0;
    while (i < s.length()) {
      if (!isDigit(s.charAt(i))) {
        throw invalid(s);
      }
      int j = i;
      while (j < s.length() && isDigit(s.charAt(j))) {
        j++;
      }
      long v;
      try {
        v = Long.parseUnsignedLong(s.substring(i, j));
      } catch (NumberFormatException e) {
        throw invalid(s);
      }
      int k = j;
      while (k < s.length() && !isDigit(s.charAt(k))) {
        k++;
      }
      if (k == j) {
        throw invalid(s);
      }
      String unit = s.substring(j, k);
      int u = unitIndex(unit);
      if (u < 0) {
        throw new IllegalArgumentException("unknown unit " + GoQuote.quote(unit) + " in duration " + GoQuote.quote(s));
      }
      if (u <= lastUnit) {
        throw invalid(s);
      }
      lastUnit = u;
      long mult = UNIT_MS[u] * NANOS_PER_MS;
      if (Long.compareUnsigned(v, Long.divideUnsigned(1L << 63, mult)) > 0) {
        throw new IllegalArgumentException("duration out of range");
      }
      totalNanos += v * mult;
      if (totalNanos < 0) {
        throw new IllegalArgumentException("duration out of range");
      }
      i = k;
    }
    return totalNanos / NANOS_PER_MS;
  }

  /** {@link #parseMillis} as a {@link Duration}. */
  public static Duration parse(String s) {
    return Duration.ofMillis(parseMillis(s));
  }

  /**
   * {@link #parse}, with errors worded as Prometheus 2.x's configuration words them: a string with
   * an unknown unit is {@code not a valid duration string: "x"} too.
   */
  public static Duration parseConfig(String s) {
    try {
      return parse(s);
    } catch (IllegalArgumentException e) {
      if (e.getMessage().startsWith("unknown unit ")) {
        throw invalid(s);
      }
      throw e;
    }
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException("not a valid duration string: " + GoQuote.quote(s));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int unitIndex(String unit) {
    for (int i = 0; i < UNITS.length; i++) {
      if (UNITS[i].equals(unit)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Prometheus's canonical text: {@code 1m30s}, {@code 1h30m}, {@code 1w}, {@code 8d}, {@code 0s};
   * weeks and years only where they divide the whole remainder; a negative one with a leading
   * {@code -}.
   */
  public static String format(long ms) {
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (ms < 0) {
      sb.append('-');
      ms = -ms;
    }
    for (int i = 0; i < UNITS.length; i++) {
      if (i < 2 && ms % UNIT_MS[i] != 0) {
        continue;
      }
      long q = ms / UNIT_MS[i];
      if (q > 0) {
        sb.append(q).append(UNITS[i]);
        ms -= q * UNIT_MS[i];
      }
    }
    return sb.toString();
  }

  /** {@link #format(long)} of a {@link Duration}'s milliseconds. */
  public static String format(Duration d) {
    return format(d.toMillis());
  }
}
