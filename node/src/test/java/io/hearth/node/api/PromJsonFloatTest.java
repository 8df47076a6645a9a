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

  @Test
  void aMatrixAndAVectorAreWrittenAsPrometheusWritesThem() throws Exception {
    io.hearth.sharding.api.Labels l = io.hearth.sharding.api.Labels.of("__name__", "m", "pod", "a\"b");
    io.hearth.promql.value.Matrix m = new io.hearth.promql.value.Matrix(java.util.List.of(
        io.hearth.promql.value.RangeSeries.ofFloats(l, new long[] {-1500, 0, 1_000, 1_435_781_451_781L, 1_435_781_451_005L},
            new double[] {-0.5, Double.NaN, 1e21, 12345.678, -1.5e-7}, 5)));
    assertEquals("{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"__name__\":\"m\",\"pod\":\"a\\\"b\"},\"values\":"
        + "[[-1.500,\"-0.5\"],[0,\"NaN\"],[1,\"1e+21\"],[1435781451.781,\"12345.678\"],[1435781451.005,\"-1.5e-07\"]]}]}", json(m));
    io.hearth.promql.value.Vector v = new io.hearth.promql.value.Vector(java.util.List.of(
        io.hearth.promql.value.Sample.ofFloat(l, 1_435_781_451_781L, 0.1), io.hearth.promql.value.Sample.ofFloat(l, 2_000, -3)));
    assertEquals("{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"m\",\"pod\":\"a\\\"b\"},\"value\":"
        + "[1435781451.781,\"0.1\"]},{\"metric\":{\"__name__\":\"m\",\"pod\":\"a\\\"b\"},\"value\":[2,\"-3\"]}]}", json(v));
  }

  private static String json(io.hearth.promql.value.Value v) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (com.fasterxml.jackson.core.JsonGenerator g = PromJson.generator(out)) {
      g.writeStartObject();
      PromJson.writeResult(g, v);
      g.writeEndObject();
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void check(double v) {
    if (Double.isFinite(v)) assertEquals(reference(v), PromJson.formatFloat(v), "bits " + Long.toHexString(Double.doubleToRawLongBits(v)));
  }
}
