package io.hearth.promql.parser;

import io.hearth.promql.ast.Printing;

/**
 * Prometheus duration strings ({@code model.ParseDuration}/{@code model.Duration.String}): integer
 * amounts with units {@code y w d h m s ms}, largest first, each at most once ({@code 1h30m}); a
 * bare {@code 0} is allowed. Fractions ({@code 1.5h}) and negative durations are not.
 */
public final class Durations {
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] NANOS = {
    365L * 24 * 3600 * 1_000_000_000L, 7L * 24 * 3600 * 1_000_000_000L, 24L * 3600 * 1_000_000_000L,
    3600L * 1_000_000_000L, 60L * 1_000_000_000L, 1_000_000_000L, 1_000_000L
  };

  private Durations() {}

  /**
   * Parses a duration into milliseconds.
   *
   * @throws IllegalArgumentException with Prometheus's message: {@code empty duration string},
   *     {@code not a valid duration string: "x"}, {@code unknown unit "u" in duration "x"} or
   *     {@code duration out of range}
   */
  public static long parse(String s) {
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    String invalid = "not a valid duration string: " + GoText.quote(s);
    long total = 0;
    int lastUnit = -1;
    int i = 0;
    while (i < s.length()) {
      if (!Lexer.isDigit(s.charAt(i))) {
        throw new IllegalArgumentException(invalid);
      }
      int j = i;
      while (j < s.length() && Lexer.isDigit(s.charAt(j))) {
        j++;
      }
      long v;
      try {
        v = Long.parseUnsignedLong(s.substring(i, j));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(invalid);
      }
      int k = j;
      while (k < s.length() && !Lexer.isDigit(s.charAt(k))) {
        k++;
      }
      if (k == j) {
        throw new IllegalArgumentException(invalid);
      }
      String unit = s.substring(j, k);
      int u = unitIndex(unit);
      if (u < 0) {
        throw new IllegalArgumentException("unknown unit " + GoText.quote(unit) + " in duration " + GoText.quote(s));
      }
      if (u <= lastUnit) {
        throw new IllegalArgumentException(invalid);
      }
      lastUnit = u;
      if (Long.compareUnsigned(v, Long.divideUnsigned(1L << 63, NANOS[u])) > 0) {
        throw new IllegalArgumentException("duration out of range");
      }
      total += v * NANOS[u];
      if (total < 0) {
        throw new IllegalArgumentException("duration out of range");
      }
      i = k;
    }
    return total / 1_000_000L;
  }

  private static int unitIndex(String unit) {
    for (int i = 0; i < UNITS.length; i++) {
      if (UNITS[i].equals(unit)) {
        return i;
      }
    }
    return -1;
  }

  /** Formats milliseconds as Prometheus prints a duration: {@code 1h30m}, {@code 5m}, {@code 0s}. */
  public static String format(long ms) {
    if (ms < 0) {
      return "-" + Printing.duration(-ms);
    }
    return Printing.duration(ms);
  }
}
