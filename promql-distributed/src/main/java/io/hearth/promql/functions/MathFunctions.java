package io.hearth.promql.functions;

/**
 * The element-wise float functions ({@code abs}, {@code ln}, {@code sin}, ...), addressed by a
 * small integer code so the per-sample loop is a switch, not a lambda call.
 */
public final class MathFunctions {
  private static final String[] NAMES = {"abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "sin",
      "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "rad", "deg", "sgn"};

  private MathFunctions() {}

  /** The code of a function name, or -1 when it is not an element-wise float function. */
  public static int code(String name) {
    for (int i = 0; i < NAMES.length; i++) {
      if (NAMES[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  public static double apply(int code, double v) {
    switch (code) {
      case 0: return Math.abs(v);
      case 1: return Math.ceil(v);
      case 2: return Math.floor(v);
      case 3: return Math.exp(v);
      case 4: return Math.sqrt(v);
      case 5: return Math.log(v);
      case 6: return log2(v);
      case 7: return Math.log10(v);
      case 8: return Math.sin(v);
      case 9: return Math.cos(v);
      case 10: return Math.tan(v);
      case 11: return Math.asin(v);
      case 12: return Math.acos(v);
      case 13: return Math.atan(v);
      case 14: return Math.sinh(v);
      case 15: return Math.cosh(v);
      case 16: return Math.tanh(v);
      case 17: return asinh(v);
      case 18: return acosh(v);
      case 19: return atanh(v);
      case 20: return v * Math.PI / 180;
      case 21: return v * 180 / Math.PI;
      case 22: return v < 0 ? -1 : v > 0 ? 1 : v;
      default: throw new IllegalArgumentException("unknown math function code " + code);
    }
  }

  /** log2 exact for powers of two, as Go's {@code math.Log2}. */
  static double log2(double v) {
    if (v > 0 && !Double.isInfinite(v)) {
      int exp = Math.getExponent(v);
      if (exp >= Double.MIN_EXPONENT && v == Math.scalb(1.0, exp)) {
        return exp;
      }
    }
    return Math.log(v) / Math.log(2);
  }

  static double asinh(double x) {
    if (Double.isInfinite(x) || Double.isNaN(x) || x == 0) {
      return x;
    }
    double a = Math.abs(x);
    double r = Math.log(a + Math.sqrt(a * a + 1));
    return x < 0 ? -r : r;
  }

  static double acosh(double x) {
    if (x < 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return 0;
    }
    return Math.log(x + Math.sqrt(x * x - 1));
  }

  static double atanh(double x) {
    if (x < -1 || x > 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (x == -1) {
      return Double.NEGATIVE_INFINITY;
    }
    return 0.5 * Math.log((1 + x) / (1 - x));
  }

  /** {@code round(v, toNearest)}: ties round up, computed with the inverse as Prometheus does. */
  public static double round(double v, double toNearest) {
    double inv = 1.0 / toNearest;
    return Math.floor(v * inv + 0.5) / inv;
  }
}
