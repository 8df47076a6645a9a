package io.hearth.node.template;

import io.hearth.scrape.gofmt.GoFloat;
import io.hearth.sharding.api.text.GoQuote;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's view of the Java values templates handle: {@code String}, {@code Long} (int), {@code Double}
 * (float64), {@code Boolean}, {@code Map<String, ?>}, {@code List<?>}, {@link TemplateStruct} and
 * null (nil). Printing as {@code fmt.Sprint} and {@code fmt.Sprintf} do for the verbs templates
 * use, truthiness as {@code text/template}'s.
 */
final class GoValues {
  private GoValues() {}

  /** The Go type name, as fmt's {@code %!v(type=...)} and template errors print it. */
  static String typeName(Object v) {
    if (v == null) return "<nil>";
    if (v instanceof String) return "string";
    if (v instanceof Long) return "int";
    if (v instanceof Double) return "float64";
    if (v instanceof Boolean) return "bool";
    if (v instanceof Map) return "map[string]string";
    if (v instanceof List) return "[]interface {}";
    if (v instanceof TemplateStruct ts) return ts.goType();
    return v.getClass().getSimpleName();
  }

  /** {@code text/template}'s truth: false, 0, nil and empty strings, maps and slices are false. */
  static boolean truth(Object v) {
    if (v == null) return false;
    if (v instanceof Boolean b) return b;
    if (v instanceof String s) return !s.isEmpty();
    if (v instanceof Long l) return l != 0;
    if (v instanceof Double d) return d != 0;
    if (v instanceof Map<?, ?> m) return !m.isEmpty();
    if (v instanceof List<?> l) return !l.isEmpty();
    return true;
  }

  /** {@code fmt.Sprint(v)} for one value. */
  static String sprint(Object v) {
    if (v == null) return "<nil>";
    if (v instanceof String s) return s;
    if (v instanceof Double d) return GoFloat.formatG(d);
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("map[");
      boolean first = true;
      for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
        if (!first) sb.append(' ');
        first = false;
        sb.append(sprint(e.getKey())).append(':').append(sprint(e.getValue()));
      }
      return sb.append(']').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) sb.append(' ');
        sb.append(sprint(l.get(i)));
      }
      return sb.append(']').toString();
    }
    if (v instanceof QuerySample q) return "&{" + sprint(q.labels()) + " " + sprint(q.value()) + "}";
    return String.valueOf(v);
  }

  /** {@code fmt.Sprint(a...)}: spaces between operands when neither is a string. */
  static String sprintAll(List<Object> args) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (i > 0 && !(a instanceof String) && !(args.get(i - 1) instanceof String)) sb.append(' ');
      sb.append(sprint(a));
    }
    return sb.toString();
  }

  /** {@code fmt.Sprintln(a...)}: always spaces, then a newline. */
  static String sprintln(List<Object> args) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) sb.append(' ');
      sb.append(sprint(args.get(i)));
    }
    return sb.append('\n').toString();
  }

  /** Go's {@code %q} of a rune. */
  static String quoteRune(char c) {
    if (c == '\'') return "'\\''";
    if (c == '\n') return "'\\n'";
    if (c == '\t') return "'\\t'";
    if (c < 0x20) return String.format("'\\x%02x'", (int) c);
    return "'" + c + "'";
  }

  /** {@code strconv.FormatFloat(v, 'g', prec, 64)} as {@code %.Ng} prints it. */
  static String formatG(double v, int prec) {
    if (Double.isNaN(v)) return "NaN";
    if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
    if (prec == 0) prec = 1;
    if (v == 0) return (1 / v < 0) ? "-0" : "0";
    BigDecimal bd = new BigDecimal(Math.abs(v)).round(new MathContext(prec, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int nd = digits.length();
    int exp = nd - 1 - bd.scale();
    int dp = exp + 1;
    int eprec = prec;
    if (eprec > nd && nd >= dp) eprec = nd;
    StringBuilder sb = new StringBuilder();
    if (v < 0) sb.append('-');
    if (exp < -4 || exp >= eprec) {
      sb.append(digits.charAt(0));
      if (nd > 1) sb.append('.').append(digits, 1, nd);
      sb.append('e').append(exp < 0 ? '-' : '+');
      int ae = Math.abs(exp);
      if (ae < 10) sb.append('0');
      sb.append(ae);
      return sb.toString();
    }
    int p = prec > dp ? nd : prec;
    int decimals = Math.max(p - dp, 0);
    sb.append(bd.setScale(decimals, RoundingMode.HALF_EVEN).toPlainString());
    return sb.toString();
  }

  /** {@code %.Nf} with Go's rounding (half to even on the exact binary value). */
  static String formatF(double v, int prec) {
    if (Double.isNaN(v)) return "NaN";
    if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
    String s = new BigDecimal(v).setScale(prec, RoundingMode.HALF_EVEN).toPlainString();
    if (v < 0 || (v == 0 && 1 / v < 0)) {
      if (!s.startsWith("-")) s = "-" + s;
    }
    return s;
  }

  /** {@code %.Ne} with Go's rounding and at least two exponent digits. */
  static String formatE(double v, int prec) {
    if (Double.isNaN(v)) return "NaN";
    if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
    StringBuilder sb = new StringBuilder();
    if (v < 0 || (v == 0 && 1 / v < 0)) sb.append('-');
    double a = Math.abs(v);
    if (a == 0) {
      sb.append('0');
      if (prec > 0) sb.append('.').append("0".repeat(prec));
      return sb.append("e+00").toString();
    }
    BigDecimal bd = new BigDecimal(a).round(new MathContext(prec + 1, RoundingMode.HALF_EVEN));
    String digits = bd.unscaledValue().toString();
    int exp = digits.length() - 1 - bd.scale();
    while (digits.length() < prec + 1) digits = digits + "0";
    digits = digits.substring(0, prec + 1);
    sb.append(digits.charAt(0));
    if (prec > 0) sb.append('.').append(digits, 1, prec + 1);
    sb.append('e').append(exp < 0 ? '-' : '+');
    int ae = Math.abs(exp);
    if (ae < 10) sb.append('0');
    return sb.append(ae).toString();
  }

  /** {@code fmt.Sprintf} for the verbs rule templates use: {@code %s %v %d %f %e %g %q %x %X %t %%}. */
  static String sprintf(String format, List<Object> args) {
    StringBuilder out = new StringBuilder();
    int argi = 0;
    int n = format.length();
    for (int i = 0; i < n; i++) {
      char c = format.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      int j = i + 1;
      boolean minus = false;
      boolean plus = false;
      boolean zero = false;
      boolean space = false;
      while (j < n && "-+0 #".indexOf(format.charAt(j)) >= 0) {
        char f = format.charAt(j);
        if (f == '-') minus = true;
        if (f == '+') plus = true;
        if (f == '0') zero = true;
        if (f == ' ') space = true;
        j++;
      }
      int width = -1;
      int ws = j;
      while (j < n && Character.isDigit(format.charAt(j))) j++;
      if (j > ws) width = Integer.parseInt(format.substring(ws, j));
      int prec = -1;
      if (j < n && format.charAt(j) == '.') {
        j++;
        int ps = j;
        while (j < n && Character.isDigit(format.charAt(j))) j++;
        prec = j > ps ? Integer.parseInt(format.substring(ps, j)) : 0;
      }
      if (j >= n) {
        out.append("%!(NOVERB)");
        break;
      }
      char verb = format.charAt(j);
      i = j;
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (argi >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      Object a = args.get(argi++);
      String s = formatOne(verb, a, prec, plus, space);
      if (width > s.length()) {
        String pad = (zero && !minus && (a instanceof Double || a instanceof Long) ? "0" : " ").repeat(width - s.length());
        if (minus) s = s + pad;
        else if (pad.startsWith("0") && (s.startsWith("-") || s.startsWith("+"))) s = s.charAt(0) + pad + s.substring(1);
        else s = pad + s;
      }
      out.append(s);
    }
    if (argi < args.size()) {
      out.append("%!(EXTRA ");
      for (int k = argi; k < args.size(); k++) {
        if (k > argi) out.append(", ");
        out.append(typeName(args.get(k))).append('=').append(sprint(args.get(k)));
      }
      out.append(')');
    }
    return out.toString();
  }

  private static String formatOne(char verb, Object a, int prec, boolean plus, boolean space) {
    String s;
    switch (verb) {
      case 'v':
        s = a instanceof Double d && prec >= 0 ? formatG(d, prec) : sprint(a);
        break;
      case 's':
        if (a instanceof String str) s = prec >= 0 && prec < str.length() ? str.substring(0, prec) : str;
        else if (a instanceof Map || a instanceof List || a instanceof TemplateStruct) s = sprint(a);
        else return bad(verb, a);
        break;
      case 'q':
        if (a instanceof String str) s = GoQuote.quote(str);
        else return bad(verb, a);
        break;
      case 'd':
        if (a instanceof Long l) s = Long.toString(l);
        else return bad(verb, a);
        break;
      case 'f':
      case 'F':
        if (a instanceof Double d) s = formatF(d, prec < 0 ? 6 : prec);
        else return bad(verb, a);
        break;
      case 'e':
        if (a instanceof Double d) s = formatE(d, prec < 0 ? 6 : prec);
        else return bad(verb, a);
        break;
      case 'g':
        if (a instanceof Double d) s = prec < 0 ? GoFloat.formatG(d) : formatG(d, prec);
        else return bad(verb, a);
        break;
      case 'x':
      case 'X':
        if (a instanceof Long l) s = Long.toHexString(l);
        else if (a instanceof String str) s = hex(str);
        else return bad(verb, a);
        if (verb == 'X') s = s.toUpperCase(java.util.Locale.ROOT);
        break;
      case 't':
        if (a instanceof Boolean b) s = b.toString();
        else return bad(verb, a);
        break;
      default:
        return bad(verb, a);
    }
    if ((a instanceof Double || a instanceof Long) && !s.startsWith("-") && !s.startsWith("+")) {
      if (plus) s = "+" + s;
      else if (space) s = " " + s;
    }
    return s;
  }

  private static String hex(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) sb.append(String.format("%02x", b & 0xff));
    return sb.toString();
  }

  private static String bad(char verb, Object a) {
    if (a == null) return "%!" + verb + "(<nil>)";
    return "%!" + verb + "(" + typeName(a) + "=" + sprint(a) + ")";
  }
}
