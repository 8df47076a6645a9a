package io.hearth.promql.ast;

import io.hearth.sharding.api.Matcher;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Text forms shared by the nodes' {@code toString()}: numbers, durations, quoted strings and label
 * names exactly as Prometheus (Go's {@code strconv} and {@code model.Duration}) prints them.
 */
public final class Printing {
  private static final long MS_YEAR = 1000L * 60 * 60 * 24 * 365;
  private static final long MS_WEEK = 1000L * 60 * 60 * 24 * 7;
  private static final long MS_DAY = 1000L * 60 * 60 * 24;
  private static final long MS_HOUR = 1000L * 60 * 60;
  private static final long MS_MINUTE = 1000L * 60;

  private Printing() {}

  /** A float as Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: {@code 1}, {@code 0.5}, {@code +Inf}, {@code NaN}. */
  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  /** A float as Go's {@code fmt} {@code %v}: shortest digits, exponent form from 1e21 or below 1e-4. */
  public static String goFloat(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
      return number(v);
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    int exp = d.precision() - d.scale() - 1;
    if (exp < -4 || exp >= 21) {
      String digits = d.unscaledValue().abs().toString();
      StringBuilder b = new StringBuilder();
      if (v < 0) {
        b.append('-');
      }
      b.append(digits.charAt(0));
      if (digits.length() > 1) {
        b.append('.').append(digits, 1, digits.length());
      }
      b.append('e').append(exp < 0 ? '-' : '+');
      int a = Math.abs(exp);
      if (a < 10) {
        b.append('0');
      }
      return b.append(a).toString();
    }
    return d.toPlainString();
  }

  /** A duration in milliseconds as Prometheus's {@code model.Duration}: {@code 1h30m}, {@code 0s}; "" when negative. */
  public static String duration(long ms) {
    if (ms == 0) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    long[] rest = {ms};
    unit(b, rest, "y", MS_YEAR, true);
    unit(b, rest, "w", MS_WEEK, true);
    unit(b, rest, "d", MS_DAY, false);
    unit(b, rest, "h", MS_HOUR, false);
    unit(b, rest, "m", MS_MINUTE, false);
    unit(b, rest, "s", 1000, false);
    unit(b, rest, "ms", 1, false);
    return b.toString();
  }

  private static void unit(StringBuilder b, long[] rest, String unit, long mult, boolean exact) {
    if (exact && rest[0] % mult != 0) {
      return;
    }
    long v = rest[0] / mult;
    if (v > 0) {
      b.append(v).append(unit);
      rest[0] -= v * mult;
    }
  }

  /** A duration literal's value in seconds, printed as Prometheus prints a duration number literal. */
  public static String durationSeconds(double seconds) {
    if (seconds < 0) {
      return "-" + duration(nanosToMillis(-seconds * 1e9));
    }
    return duration(nanosToMillis(seconds * 1e9));
  }

  private static long nanosToMillis(double nanos) {
    return ((long) nanos) / 1_000_000L;
  }

  /** A range or step: a literal as a duration ({@code 5m}), an expression as written. */
  public static String durationText(DurationExpr d) {
    if (d instanceof DurationExpr.Number) {
      return duration(literalMillis((DurationExpr.Number) d));
    }
    return d.toString();
  }

  /** The offset clause with its leading space ({@code " offset 5m"}, {@code " offset -1m"}), or "". */
  public static String offset(DurationExpr d) {
    if (d == null) {
      return "";
    }
    if (d instanceof DurationExpr.Number) {
      long ms = literalMillis((DurationExpr.Number) d);
      if (ms > 0) {
        return " offset " + duration(ms);
      }
      if (ms < 0) {
        return " offset -" + duration(-ms);
      }
      return "";
    }
    return " offset " + d;
  }

  /** A literal's milliseconds: exact for one written with units, truncated for a plain number. */
  private static long literalMillis(DurationExpr.Number n) {
    double ms = n.value() * 1000;
    return n.duration() ? Math.round(ms) : (long) ms;
  }

  /** Milliseconds as seconds with three decimals, as after {@code @}. */
  public static String millisAsSeconds(long ms) {
    return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
  }

  /** A string quoted as Go's {@code strconv.Quote}. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int r = s.codePointAt(i);
      i += Character.charCount(r);
      appendQuoted(b, r);
    }
    return b.append('"').toString();
  }

  /**
   * The bytes of a Go string quoted as Go's {@code strconv.Quote}: bytes that are not part of valid
   * UTF-8 print as {@code \xNN}, everything else as {@link #quote}.
   */
  public static String quoteBytes(byte[] s) {
    StringBuilder b = new StringBuilder(s.length + 2).append('"');
    for (int i = 0; i < s.length; ) {
      int width = utf8Width(s, i);
      if (width == 0) {
        b.append("\\x").append(hex(s[i] & 0xff, 2));
        i++;
        continue;
      }
      int r = new String(s, i, width, StandardCharsets.UTF_8).codePointAt(0);
      appendQuoted(b, r);
      i += width;
    }
    return b.append('"').toString();
  }

  /** The length of the valid UTF-8 sequence at {@code s[i]}, or 0 when it is not one (Go's {@code utf8.DecodeRune}). */
  private static int utf8Width(byte[] s, int i) {
    int c = s[i] & 0xff;
    if (c < 0x80) {
      return 1;
    }
    int width;
    int lo = 0x80;
    int hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      width = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      width = 3;
      lo = c == 0xe0 ? 0xa0 : 0x80;
      hi = c == 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
      width = 4;
      lo = c == 0xf0 ? 0x90 : 0x80;
      hi = c == 0xf4 ? 0x8f : 0xbf;
    } else {
      return 0;
    }
    if (i + width > s.length) {
      return 0;
    }
    for (int k = 1; k < width; k++) {
      int d = s[i + k] & 0xff;
      if (d < (k == 1 ? lo : 0x80) || d > (k == 1 ? hi : 0xbf)) {
        return 0;
      }
    }
    return width;
  }

  private static void appendQuoted(StringBuilder b, int r) {
    switch (r) {
      case '"': b.append("\\\""); return;
      case '\\': b.append("\\\\"); return;
      case 7: b.append("\\a"); return;
      case '\b': b.append("\\b"); return;
      case '\f': b.append("\\f"); return;
      case '\n': b.append("\\n"); return;
      case '\r': b.append("\\r"); return;
      case '\t': b.append("\\t"); return;
      case 11: b.append("\\v"); return;
      default:
    }
    if (isPrint(r)) {
      b.appendCodePoint(r);
    } else if (r < ' ' || r == 0x7f) {
      b.append("\\x").append(hex(r, 2));
    } else if (Character.isSurrogate((char) r) && r < 0x10000) {
      b.append("\\ufffd");
    } else if (r < 0x10000) {
      b.append("\\u").append(hex(r, 4));
    } else {
      b.append("\\U").append(hex(r, 8));
    }
  }

  private static String hex(int v, int width) {
    String h = Integer.toHexString(v);
    return "0".repeat(Math.max(0, width - h.length())) + h;
  }

  /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  static boolean isPrint(int r) {
    if (r == ' ') {
      return true;
    }
    switch (Character.getType(r)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.PRIVATE_USE:
      case Character.SURROGATE:
      case Character.UNASSIGNED:
      case Character.SPACE_SEPARATOR:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
        return false;
      default:
        return true;
    }
  }

  /** Whether a label name is valid under the legacy (pre-UTF-8) rules {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
  public static boolean isLegacyLabelName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether a metric name is valid under the legacy rules {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
  public static boolean isLegacyMetricName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A label name, quoted when not a legacy name. */
  public static String labelName(String s) {
    return isLegacyLabelName(s) ? s : quote(s);
  }

  /** Names joined by {@code ", "}, each as {@link #labelName}. */
  public static void labelList(StringBuilder b, List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(labelName(names.get(i)));
    }
  }

  /** A matcher as Prometheus prints it: {@code name="value"}, the name quoted when not legacy. */
  public static String matcher(Matcher m) {
    return labelName(m.name()) + m.type().op + quote(m.value());
  }
}
