package io.hearth.promql.parser;

import java.util.Locale;

/**
 * Number literals as Prometheus reads them: first as a Go integer with base prefix ({@code 0x1f},
 * {@code 0o17}, {@code 017}, {@code 0b101}, {@code 1_000}), else as a Go float ({@code 1e3},
 * {@code .5}, {@code Inf}, {@code NaN}, {@code 0x1p-2}).
 */
final class Numbers {
  private Numbers() {}

  /** @throws IllegalArgumentException with Go's {@code strconv.ParseFloat: parsing "x": invalid syntax} */
  static double parse(String text) {
    Long n = parseInt(text);
    if (n != null) {
      return n;
    }
    Double f = parseFloat(text);
    if (f == null) {
      throw new IllegalArgumentException("strconv.ParseFloat: parsing " + GoText.quote(text) + ": invalid syntax");
    }
    if (f.isInfinite() && !text.toLowerCase(Locale.ROOT).contains("inf")) {
      throw new IllegalArgumentException("strconv.ParseFloat: parsing " + GoText.quote(text) + ": value out of range");
    }
    return f;
  }

  private static Long parseInt(String s) {
    String t = s;
    boolean neg = false;
    if (t.startsWith("+") || t.startsWith("-")) {
      neg = t.charAt(0) == '-';
      t = t.substring(1);
    }
    int base = 10;
    String digits = t;
    if (t.length() > 1 && t.charAt(0) == '0') {
      char p = Character.toLowerCase(t.charAt(1));
      if (p == 'x') {
        base = 16;
        digits = t.substring(2);
      } else if (p == 'o') {
        base = 8;
        digits = t.substring(2);
      } else if (p == 'b') {
        base = 2;
        digits = t.substring(2);
      } else {
        base = 8;
        digits = t.substring(1);
      }
    }
    if (t.indexOf('_') >= 0) {
      if (!underscoreOk(t)) {
        return null;
      }
      digits = digits.replace("_", "");
    }
    if (digits.isEmpty()) {
      return null;
    }
    try {
      long v = Long.parseLong((neg ? "-" : "") + digits, base);
      return v;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Go's rule: '_' only between digits, or between a base prefix and a digit. */
  private static boolean underscoreOk(String s) {
    char saw = '^';
    int i = 0;
    boolean hex = false;
    if (s.length() >= 2 && s.charAt(0) == '0') {
      char p = Character.toLowerCase(s.charAt(1));
      if (p == 'x' || p == 'o' || p == 'b') {
        hex = p == 'x';
        i = 2;
        saw = '0';
      }
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Lexer.isDigit(c) || (hex && Character.digit(c, 16) >= 0)) {
        saw = '0';
        continue;
      }
      if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
        continue;
      }
      if (saw == '_') {
        return false;
      }
      saw = '!';
    }
    return saw != '_';
  }

  private static Double parseFloat(String s) {
    String t = s;
    String sign = "";
    if (t.startsWith("+") || t.startsWith("-")) {
      sign = t.substring(0, 1);
      t = t.substring(1);
    }
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.equals("inf") || lower.equals("infinity")) {
      return sign.equals("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return sign.isEmpty() ? Double.NaN : null;
    }
    if (t.indexOf('_') >= 0) {
      if (!underscoreOk(t)) {
        return null;
      }
      t = t.replace("_", "");
    }
    boolean hex = lower.startsWith("0x");
    for (int i = 0; i < t.length(); i++) {
      char c = Character.toLowerCase(t.charAt(i));
      boolean ok = Lexer.isDigit(c) || c == '.' || c == '+' || c == '-'
          || (hex ? (c == 'x' || c == 'p' || (c >= 'a' && c <= 'f')) : c == 'e');
      if (!ok) {
        return null;
      }
    }
    if (hex && lower.indexOf('p') < 0) {
      return null;
    }
    try {
      return Double.parseDouble(sign + t);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
