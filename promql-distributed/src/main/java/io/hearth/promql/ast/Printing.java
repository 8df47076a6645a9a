package io.hearth.promql.ast;

import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.text.GoQuote;
import io.hearth.sharding.api.text.PromDuration;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Text forms shared by the nodes' {@code toString()}: numbers, durations and label names exactly as
 * Prometheus (Go's {@code strconv} and {@code model.Duration}) prints them; quoting is {@link GoQuote}.
 */
public final class Printing {

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

  /** A duration literal's value in seconds, printed as Prometheus prints a duration number literal. */
  public static String durationSeconds(double seconds) {
    if (seconds < 0) {
      return "-" + PromDuration.format(nanosToMillis(-seconds * 1e9));
    }
    return PromDuration.format(nanosToMillis(seconds * 1e9));
  }

  private static long nanosToMillis(double nanos) {
    return ((long) nanos) / 1_000_000L;
  }

  /** A range or step: a literal as a duration ({@code 5m}), an expression as written. */
  public static String durationText(DurationExpr d) {
    if (d instanceof DurationExpr.Number) {
      return PromDuration.format(literalMillis((DurationExpr.Number) d));
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
        return " offset " + PromDuration.format(ms);
      }
      if (ms < 0) {
        return " offset -" + PromDuration.format(-ms);
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
    return isLegacyLabelName(s) ? s : GoQuote.quote(s);
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
    return labelName(m.name()) + m.type().op + GoQuote.quote(m.value());
  }
}
