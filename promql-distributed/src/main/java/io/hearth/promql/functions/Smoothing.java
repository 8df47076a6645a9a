package io.hearth.promql.functions;

/** {@code double_exponential_smoothing} (Holt's linear method) over float samples. */
public final class Smoothing {
  private Smoothing() {}

  /**
   * The smoothed value after samples {@code [from, to)} (at least two) with smoothing factor
   * {@code sf} and trend factor {@code tf}, both in (0, 1).
   */
  public static double doubleExponential(double[] v, int from, int to, double sf, double tf) {
    double s0 = 0;
    double s1 = v[from];
    double b = v[from + 1] - v[from];
    for (int i = from + 1; i < to; i++) {
      double x = sf * v[i];
      b = trend(i - from - 1, tf, s0, s1, b);
      double y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    return s1;
  }

  private static double trend(int i, double tf, double s0, double s1, double b) {
    if (i == 0) {
      return b;
    }
    return tf * (s1 - s0) + (1 - tf) * b;
  }
}
