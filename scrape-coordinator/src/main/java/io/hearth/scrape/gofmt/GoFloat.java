package io.hearth.scrape.gofmt;

import io.hearth.sharding.api.text.GoQuote;
import java.math.BigDecimal;

/**
 * Go's {@code strconv.ParseFloat} (decimal syntax, {@code Inf}/{@code Infinity}/{@code NaN} in any
 * case with an optional sign; out-of-range is an error) and {@code strconv.FormatFloat(f, 'g', -1,
 * 64)}, so that parsed values and normalised label values match Prometheus's.
 */
public final class GoFloat {
  /** Prometheus's normal NaN (value.NormalNaN), distinct from the staleness marker. */
  public static final double NORMAL_NAN = Double.longBitsToDouble(0x7ff8000000000001L);

  private GoFloat() {}

  /**
   * Parses {@code s[from, to)} of ASCII bytes.
   *
   * @throws NumberFormatException with Go's message, e.g. {@code strconv.ParseFloat: parsing
   *     "true": invalid syntax}
   */
  public static double parse(byte[] b, int from, int to) {
    int i = from;
    boolean neg = false;
    if (i < to && (b[i] == '+' || b[i] == '-')) {
      neg = b[i] == '-';
      i++;
    }
    int rest = to - i;
    if (rest == 3 && eqIgnoreCase(b, i, "inf") || rest == 8 && eqIgnoreCase(b, i, "infinity")) {
      return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (rest == 3 && eqIgnoreCase(b, i, "nan")) return Double.NaN;
    // digits [. digits] [(e|E) [+-] digits]
    int digits = 0;
    while (i < to && b[i] >= '0' && b[i] <= '9') {
      i++;
      digits++;
    }
    if (i < to && b[i] == '.') {
      i++;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        i++;
        digits++;
      }
    }
    if (digits == 0) throw syntax(b, from, to);
    if (i < to && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < to && (b[i] == '+' || b[i] == '-')) i++;
      int ed = 0;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        i++;
        ed++;
      }
      if (ed == 0) throw syntax(b, from, to);
    }
    if (i != to) throw syntax(b, from, to);
    String s = new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    double v = Double.parseDouble(s);
    if (Double.isInfinite(v)) {
      throw new NumberFormatException("strconv.ParseFloat: parsing " + GoQuote.quote(b, from, to) + ": value out of range");
    }
    return v;
  }

  public static double parse(String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return parse(b, 0, b.length);
  }

  private static NumberFormatException syntax(byte[] b, int from, int to) {
    return new NumberFormatException("strconv.ParseFloat: parsing " + GoQuote.quote(b, from, to) + ": invalid syntax");
  }

  private static boolean eqIgnoreCase(byte[] b, int i, String s) {
    for (int k = 0; k < s.length(); k++) {
      int c = b[i + k] | 0x20;
      if (c != s.charAt(k)) return false;
    }
    return true;
  }

  /** Go's {@code strconv.FormatFloat(f, 'g', -1, 64)}: shortest digits, exponent form when exp < -4 or >= 6. */
  public static String formatG(double f) {
    if (Double.isNaN(f)) return "NaN";
    if (f == Double.POSITIVE_INFINITY) return "+Inf";
    if (f == Double.NEGATIVE_INFINITY) return "-Inf";
    if (f == 0) return (1 / f < 0) ? "-0" : "0";
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(f))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
    StringBuilder sb = new StringBuilder();
    if (f < 0) sb.append('-');
    if (exp < -4 || exp >= 6) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
      sb.append('e').append(exp < 0 ? '-' : '+');
      int ae = Math.abs(exp);
      if (ae < 10) sb.append('0');
      sb.append(ae);
    } else if (exp < 0) {
      sb.append("0.");
      for (int k = -1; k > exp; k--) sb.append('0');
      sb.append(digits);
    } else if (digits.length() <= exp + 1) {
      sb.append(digits);
      for (int k = digits.length(); k <= exp; k++) sb.append('0');
    } else {
      sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
    }
    return sb.toString();
  }

  /** OpenMetrics float text (Prometheus's formatOpenMetricsFloat): integers get {@code .0}. */
  public static String formatOpenMetrics(double f) {
    String s = formatG(f);
    if (Double.isNaN(f) || Double.isInfinite(f)) return s;
    if (s.indexOf('e') >= 0 || s.indexOf('.') >= 0) return s;
    return s + ".0";
  }

  /** Go's {@code %f} (6 decimals) as used in Prometheus's "invalid timestamp" message. */
  public static String formatF(double f) {
    if (Double.isNaN(f)) return "NaN";
    if (f == Double.POSITIVE_INFINITY) return "+Inf";
    if (f == Double.NEGATIVE_INFINITY) return "-Inf";
    return String.format(java.util.Locale.ROOT, "%.6f", f);
  }
}
