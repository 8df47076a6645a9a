package io.hearth.promql.promqltest;

import io.hearth.promql.ast.Printing;
import io.hearth.sharding.api.StaleNaN;
import java.util.regex.Pattern;

/**
 * Float rules of the scripts: Prometheus's "almost equal" comparison and Go's number syntax for
 * scalar expectation lines ({@code strconv.ParseInt(s, 0, 64)}, then {@code ParseFloat}).
 */
final class Floats {
  /** Relative error allowed between expected and actual values. */
  static final double EPSILON = 1e-6;
  private static final double MIN_NORMAL = 2.2250738585072014e-308;

  private static final Pattern GO_INT = Pattern.compile(
      "[+-]?(0[xX]_?[0-9a-fA-F]+(_[0-9a-fA-F]+)*|0[oO]_?[0-7]+(_[0-7]+)*|0[bB]_?[01]+(_[01]+)*|0_?[0-7]+(_[0-7]+)*"
          + "|[1-9][0-9]*(_[0-9]+)*|0)");
  private static final Pattern GO_DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern GO_HEX_FLOAT =
      Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?[0-9]+");
  private static final Pattern GO_SPECIAL = Pattern.compile("(?i)[+-]?(inf|infinity|nan)");

  private Floats() {}

  /**
   * Prometheus's {@code almost.Equal}: stale markers equal only each other, NaN equals NaN, else a
   * relative difference below {@link #EPSILON} (an absolute one near zero).
   */
  static boolean almostEqual(double a, double b) {
    if (StaleNaN.is(a) || StaleNaN.is(b)) return StaleNaN.is(a) && StaleNaN.is(b);
    if (Double.isNaN(a) && Double.isNaN(b)) return true;
    if (a == b) return true;
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < MIN_NORMAL) return diff < EPSILON * MIN_NORMAL;
    return diff / Math.min(absSum, Double.MAX_VALUE) < EPSILON;
  }

  /** A number as Go's {@code ParseInt(s, 0, 64)} or else {@code ParseFloat(s, 64)} reads it, or null. */
  static Double parseGoNumber(String s) {
    if (GO_INT.matcher(s).matches()) {
      String t = s.replace("_", "");
      boolean neg = t.startsWith("-");
      if (t.startsWith("+") || t.startsWith("-")) t = t.substring(1);
      int radix = 10;
      if (t.length() > 1 && t.charAt(0) == '0') {
        char p = Character.toLowerCase(t.charAt(1));
        if (p == 'x') { radix = 16; t = t.substring(2); }
        else if (p == 'o') { radix = 8; t = t.substring(2); }
        else if (p == 'b') { radix = 2; t = t.substring(2); }
        else { radix = 8; t = t.substring(1); }
      }
      try {
        long v = Long.parseLong((neg ? "-" : "") + t, radix);
        return (double) v;
      } catch (NumberFormatException e) {
        // out of int64 range: Go falls through to ParseFloat
      }
    }
    if (GO_SPECIAL.matcher(s).matches()) {
      String l = s.toLowerCase();
      if (l.contains("nan")) return Double.NaN;
      return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (GO_DECIMAL.matcher(s).matches() || GO_HEX_FLOAT.matcher(s).matches()) {
      return Double.parseDouble(s);
    }
    return null;
  }

  /** As Go's {@code %v} prints a float (what upstream's messages show). */
  static String format(double v) {
    if (StaleNaN.is(v)) return "stale";
    return Printing.goFloat(v);
  }
}
