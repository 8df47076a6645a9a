package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link PromJson#formatFloat} writes Go's shortest round-tripping digits in Prometheus's notation
 * for every double: checked against literals, and against a plain BigDecimal rendering of the same
 * rule over millions of doubles of every exponent, short decimals and the notation's edges.
 */
class PromJsonFloatTest {
  /** The rule written the slow, obvious way (the formatter's first form). */
  static String reference(double v) {
    if (Double.isNaN(v)) return "NaN";
    if (v == Double.POSITIVE_INFINITY) return "+Inf";
    if (v == Double.NEGATIVE_INFINITY) return "-Inf";
    if (v == 0) return 1 / v < 0 ? "-0" : "0";
    double a = Math.abs(v);
    if (v == Math.rint(v) && a < 1e15) return Long.toString((long) v);
    BigDecimal bd = new BigDecimal(com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal.toString(v)).stripTrailingZeros();
    if (bd.precision() == 2) {
      BigDecimal one = bd.round(new MathContext(1, RoundingMode.HALF_EVEN));
      if (one.doubleValue() == v) bd = one.stripTrailingZeros();
    }
    if (a >= 1e-6 && a < 1e21) return bd.toPlainString();
    String digits = bd.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - bd.scale();
    StringBuilder sb = new StringBuilder(24);
    if (v < 0) sb.append('-');
    sb.append(digits.charAt(0));
    if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
    sb.append('e').append(exp < 0 ? '-' : '+');
    int ae = Math.abs(exp);
    if (ae < 10) sb.append('0');
    return sb.append(ae).toString();
  }

  @Test
  void literalsAreWrittenAsPrometheusWritesThem() {
    String[][] cases = {
        {"1", "1"}, {"0.1", "0.1"}, {"-0.25", "-0.25"}, {"123.456", "123.456"}, {"1e-06", "0.000001"},
        {"1.5e-07", "1.5e-07"}, {"-1.5e-07", "-1.5e-07"}, {"1e21", "1e+21"}, {"2.5e20", "250000000000000000000"},
        {"1e15", "1000000000000000"}, {"1234567890123456.7", "1234567890123456.8"}, {"4.9e-324", "5e-324"},
        {"1.7976931348623157e308", "1.7976931348623157e+308"}, {"0.000123", "0.000123"}, {"100.5", "100.5"},
        {"9.5e-7", "9.5e-07"}, {"0.30000000000000004", "0.30000000000000004"}};
    for (String[] c : cases) assertEquals(c[1], PromJson.formatFloat(Double.parseDouble(c[0])), c[0]);
    assertEquals("NaN", PromJson.formatFloat(Double.NaN));
    assertEquals("-0", PromJson.formatFloat(-0.0));
  }

  @Test
  void everyKindOfDoubleIsWrittenAsTheReferenceWritesIt() {
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 1_000_000; i++) {
      double any = Double.longBitsToDouble(r.nextLong());
      check(any);
      check(r.nextLong(-1_000_000_000L, 1_000_000_000L) / Math.pow(10, r.nextInt(0, 25))); // short decimals
      check(r.nextDouble() * Math.pow(10, r.nextInt(-330, 310)));
    }
    for (int e = -324; e <= 308; e++) {
      double p = Double.parseDouble("1e" + e);
      for (double x : new double[] {p, Math.nextUp(p), Math.nextDown(p), 2 * p, 5 * p, 9.5 * p, -p}) check(x);
    }
    for (long bits = 1; bits < 5000; bits++) check(Double.longBitsToDouble(bits)); // subnormals
  }

  private static void check(double v) {
    if (Double.isFinite(v)) assertEquals(reference(v), PromJson.formatFloat(v), "bits " + Long.toHexString(Double.doubleToRawLongBits(v)));
  }
}
