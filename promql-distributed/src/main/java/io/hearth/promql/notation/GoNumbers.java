package io.hearth.promql.notation;

import io.hearth.promql.ast.Printing;
import io.hearth.sharding.api.StaleNaN;
import java.util.regex.Pattern;

/**
 * Numbers as Go reads and prints them in the notation: {@code strconv.ParseInt(s, 0, 64)}, then
 * {@code ParseFloat} (scalar lines and histogram fields), and {@code %v} with staleness markers
 * printed as {@code stale}. Stateless.
 */
public final class GoNumbers {
  private static final Pattern GO_INT = Pattern.compile(
      "[+-]?(0[xX]_?[0-9a-fA-F]+(_[0-9a-fA-F]+)*|0[oO]_?[0-7]+(_[0-7]+)*|0[bB]_?[01]+(_[01]+)*|0_?[0-7]+(_[0-7]+)*"
          + "|[1-9][0-9]*(_[0-9]+)*|0)");
  private static final Pattern GO_DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern GO_HEX_FLOAT =
      Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?[0-9]+");
  private static final Pattern GO_SPECIAL = Pattern.compile("(?i)[+-]?(inf|infinity|nan)");

  private GoNumbers() {}

  /** A number as Go's {@code ParseInt(s, 0, 64)} or else {@code ParseFloat(s, 64)} reads it, or null. */
  public static Double parse(String s) {
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
  public static String format(double v) {
    if (StaleNaN.is(v)) return "stale";
    return Printing.goFloat(v);
  }
}
