package io.hearth.scrape.config;

import io.hearth.sharding.api.text.GoQuote;
import java.time.Duration;

/**
 * Prometheus's duration syntax ({@code model.Duration}): units {@code y w d h m s ms} in that
 * order, each at most once, integers only, e.g. {@code 1h30m}, {@code 90s}, {@code 0}. A year is
 * 365 days. Formatting reproduces Prometheus's canonical form (e.g. {@code 1m30s}, {@code 1d},
 * {@code 0s}), which it also writes into the {@code __scrape_interval__} label.
 */
public final class PromDuration {
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] UNIT_MS = {365L * 86_400_000L, 7L * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};

  private PromDuration() {}

  /**
   * @throws IllegalArgumentException {@code not a valid duration string: "x"} or {@code empty
   *     duration string}, as Prometheus words them
   */
  public static Duration parse(String s) {
    if (s.isEmpty()) throw new IllegalArgumentException("empty duration string");
    if (s.equals("0")) return Duration.ZERO;
    long total = 0;
    int pos = 0;
    int nextUnit = 0;
    int n = s.length();
    while (pos < n) {
      int start = pos;
      while (pos < n && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') pos++;
      if (pos == start) throw invalid(s);
      long num;
      try {
        num = Long.parseLong(s.substring(start, pos));
      } catch (NumberFormatException e) {
        throw invalid(s);
      }
      int ustart = pos;
      while (pos < n && !(s.charAt(pos) >= '0' && s.charAt(pos) <= '9')) pos++;
      String unit = s.substring(ustart, pos);
      int u = -1;
      for (int i = nextUnit; i < UNITS.length; i++) {
        if (UNITS[i].equals(unit)) {
          u = i;
          break;
        }
      }
      if (u < 0) throw invalid(s);
      nextUnit = u + 1;
      try {
        total = Math.addExact(total, Math.multiplyExact(num, UNIT_MS[u]));
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("duration out of range");
      }
    }
    return Duration.ofMillis(total);
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException("not a valid duration string: " + GoQuote.quote(s));
  }

  /** Prometheus's canonical text, e.g. {@code 1m}, {@code 1h30m}, {@code 1w2d}, {@code 0s}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) return "0s";
    StringBuilder sb = new StringBuilder();
    if (ms < 0) {
      sb.append('-');
      ms = -ms;
    }
    for (int i = 0; i < UNITS.length; i++) {
      long q = ms / UNIT_MS[i];
      // Prometheus only uses weeks and years when they divide the whole remainder
      if ((i == 0 || i == 1) && ms % UNIT_MS[i] != 0) continue;
      if (q > 0) {
        sb.append(q).append(UNITS[i]);
        ms -= q * UNIT_MS[i];
      }
    }
    return sb.toString();
  }
}
